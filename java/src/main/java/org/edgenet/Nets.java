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

    /** By --arch name, e.g. "mobilenet_v2_x0_5". */
    public static NetBuilder byName(String name) {
        return new NetBuilder(Architectures.byName(name));
    }

    /** Every architecture name, aliases included. */
    public static List<String> names() {
        return Architectures.names();
    }
}
