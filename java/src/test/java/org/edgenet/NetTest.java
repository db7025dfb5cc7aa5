package org.edgenet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.edgenet.testing.Parity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The public API's contract: shapes, closing, bad input, agreement of the two backends. */
class NetTest {

    private static float[] randomImage(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[3 * size * size];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextDouble() * 4 - 2);
        }
        return v;
    }

    @Test
    void backendsAgreeOnRandomWeights() {
        float[] image = randomImage(96, 7);
        try (Net java = Nets.mobileNetV2(0.5).inputSize(96).randomWeights(3).backend(Backend.JAVA).build();
             Net nat = Nets.mobileNetV2(0.5).inputSize(96).randomWeights(3).backend(Backend.NATIVE).build()) {
            Parity.assertMatches(java.run(image), nat.run(image), "java vs native");
            assertEquals(1000, nat.numClasses());
            assertArrayEquals(new int[] {1, 3, 96, 96}, nat.inputShape());
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void wrongInputShapeIsRejected(Backend backend) {
        try (Net net = Nets.mobileNetV2(0.35).inputSize(96).randomWeights(1).backend(backend).build();
             Tensor wrong = Tensor.zeros(1, 3, 224, 224);
             Tensor nhwc = Tensor.zeros(1, 96, 96, 3)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.run(wrong));
            assertTrue(e.getMessage().contains("[1, 3, 224, 224]") && e.getMessage().contains("[1, 3, 96, 96]"),
                    e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> net.run(nhwc));
            assertThrows(IllegalArgumentException.class, () -> net.run(new float[5]));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void nanAndInfinityAreRejected(Backend backend) {
        try (Net net = Nets.mobileNetV2(0.35).inputSize(96).randomWeights(1).backend(backend).build()) {
            float[] image = randomImage(96, 1);
            image[12345] = Float.NaN;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.run(image));
            assertTrue(e.getMessage().contains("12345") && e.getMessage().contains("NaN"), e.getMessage());
            image[12345] = Float.POSITIVE_INFINITY;
            assertThrows(IllegalArgumentException.class, () -> net.run(image));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void closedNetAndClosedTensorAreRejected(Backend backend) {
        Net net = Nets.mobileNetV2(0.35).inputSize(96).randomWeights(1).backend(backend).build();
        Tensor input = Tensor.of(randomImage(96, 2), 1, 3, 96, 96);
        float[] before = net.run(input);
        input.close();
        assertThrows(IllegalStateException.class, () -> net.run(input));
        net.close();
        net.close();  // idempotent
        assertTrue(net.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> net.run(randomImage(96, 2)));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertEquals(1000, before.length);
    }

    /** The typed entry points name the variants the --arch names do. */
    @Test
    void entryPointsPickTheirVariant() {
        String[][] expected = {
            {"mobilenet_v1_x0_5", name(Nets.mobileNetV1(0.5))}, {"mobilenet_v2_x1_4", name(Nets.mobileNetV2(1.4))},
            {"mobilenet_v3_large_x1_0", name(Nets.mobileNetV3Large())},
            {"mobilenet_v3_small_x1_0", name(Nets.mobileNetV3Small())},
            {"shufflenet_v1_g8_x1_5", name(Nets.shuffleNetV1(8, 1.5))},
            {"shufflenet_v2_x0_5", name(Nets.shuffleNetV2(0.5))}, {"ghostnet_100", name(Nets.ghostNet())},
            {"mnasnet0_75", name(Nets.mnasNet(0.75))}, {"efficientnet_b0", name(Nets.efficientNetB0())},
        };
        for (String[] e : expected) {
            assertEquals(e[0], e[1]);
        }
        assertThrows(IllegalArgumentException.class, () -> Nets.shuffleNetV1(5, 1.0));
    }

    private static String name(NetBuilder b) {
        try (Net net = b.inputSize(32).randomWeights(1).backend(Backend.JAVA).build()) {
            return net.architecture().name();
        }
    }

    @Test
    void builderRejectsBadSettings() {
        assertThrows(IllegalStateException.class, () -> Nets.mobileNetV2().build());  // no weights
        assertThrows(IllegalArgumentException.class, () -> Nets.byName("resnet50"));
        assertThrows(IllegalArgumentException.class, () -> Nets.mobileNetV2().inputSize(16));
        assertThrows(IllegalArgumentException.class, () -> Nets.mobileNetV2().inputSize(5000));
        assertThrows(IllegalArgumentException.class, () -> Nets.mobileNetV2().threads(0));
        assertThrows(IllegalArgumentException.class, () -> Nets.mobileNetV2(0.6));
    }

    @Test
    void runsAreRepeatableAndPlanIsReported() {
        try (Net net = Nets.mobileNetV2().randomWeights(5).build()) {
            float[] image = randomImage(224, 5);
            float[] a = net.run(image);
            float[] b = net.run(image);
            assertArrayEquals(a, b);
            assertTrue(net.peakActivationBytes() > 0 && net.peakActivationBytes() < 8L << 20,
                    "peak " + net.peakActivationBytes());
            // torchvision's mobilenet_v2 has 3,504,872 parameters; folding turns each BatchNorm's
            // weight and bias (17,056 channels in all) into one conv bias: 3,504,872 - 17,056.
            assertEquals(3_487_816, net.parameters());
            assertTrue(Math.abs(net.macs() - 300_000_000L) < 15_000_000L, "MACs " + net.macs());
            for (float v : a) {
                assertTrue(Float.isFinite(v));
            }
        }
    }
}
