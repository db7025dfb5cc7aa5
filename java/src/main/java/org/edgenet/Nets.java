package org.edgenet;

import java.util.List;
import org.edgenet.arch.Architectures;

/** Entry point: a {@link NetBuilder} per architecture of the zoo. */
public final class Nets {
    private Nets() {}

    /** MobileNetV2 1.0x (torchvision's mobilenet_v2). */
    public static NetBuilder mobileNetV2() {
        return byName("mobilenet_v2");
    }

    /** MobileNetV2 at width 0.35, 0.5, 0.75, 1.0 or 1.4. */
    public static NetBuilder mobileNetV2(double width) {
        return byName("mobilenet_v2_x" + Architectures.widthSuffix(width));
    }

    /** MobileNetV1 1.0x (models/mobilenet_v1.py). */
    public static NetBuilder mobileNetV1() {
        return byName("mobilenet_v1");
    }

    /** MobileNetV1 at width 0.25, 0.5, 0.75 or 1.0. */
    public static NetBuilder mobileNetV1(double width) {
        return byName("mobilenet_v1_x" + Architectures.widthSuffix(width));
    }

    /** MobileNetV3-Large 1.0x (torchvision's mobilenet_v3_large). */
    public static NetBuilder mobileNetV3Large() {
        return byName("mobilenet_v3_large");
    }

    /** MobileNetV3-Small 1.0x (torchvision's mobilenet_v3_small). */
    public static NetBuilder mobileNetV3Small() {
        return byName("mobilenet_v3_small");
    }

    /** ShuffleNetV1 with 1, 2, 3, 4 or 8 groups at width 0.5, 1.0, 1.5 or 2.0 (Megvii's keys). */
    public static NetBuilder shuffleNetV1(int groups, double width) {
        return byName("shufflenet_v1_g" + groups + "_x" + Architectures.widthSuffix(width));
    }

    /** torchvision's ShuffleNetV2 at width 0.5, 1.0, 1.5 or 2.0. */
    public static NetBuilder shuffleNetV2(double width) {
        return byName("shufflenet_v2_x" + Architectures.widthSuffix(width));
    }

    /** GhostNet 1.0x (timm's ghostnet_100, or the authors' release: the same keys). */
    public static NetBuilder ghostNet() {
        return byName("ghostnet_100");
    }

    /** torchvision's MNASNet at depth multiplier 0.5, 0.75, 1.0 or 1.3 (mnasnet0_5 ... mnasnet1_3). */
    public static NetBuilder mnasNet(double alpha) {
        return byName("mnasnet" + Architectures.widthSuffix(alpha));
    }

    /** EfficientNet-B0 (torchvision's efficientnet_b0). */
    public static NetBuilder efficientNetB0() {
        return byName("efficientnet_b0");
    }

    /** By --arch name, e.g. "mobilenet_v2_x0_5". */
    public static NetBuilder byName(String name) {
        return new NetBuilder(Architectures.byName(name));
    }

    /** Every architecture name, aliases included. */
    public static List<String> names() {
        return Architectures.names();
    }
}
