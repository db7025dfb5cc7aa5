package org.edgenet.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.bytedeco.javacpp.FloatPointer;
import org.edgenet.graph.Activation;
import org.edgenet.graph.Shapes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pure-Java kernels against the native ones, every native ISA this CPU has, on awkward shapes:
 * the two backends must compute the same function (the C++ tests check the native variants
 * against their scalar reference; this closes the loop to Java).
 */
class KernelAgreementTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(42);

    @AfterEach
    void restoreIsa() {
        NativeKernels.en_isa_force(NativeKernels.EN_ISA_AUTO);
    }

    static Stream<Arguments> isasAndActs() {
        List<Arguments> out = new ArrayList<>();
        for (int isa : new int[] {NativeKernels.EN_ISA_SCALAR, NativeKernels.EN_ISA_AVX2, NativeKernels.EN_ISA_AVX512,
                NativeKernels.EN_ISA_NEON}) {
            if (NativeKernels.en_isa_supported(isa) == 1) {
                for (Activation act : Activation.values()) {
                    out.add(Arguments.of(isa, act));
                }
            }
        }
        return out.stream();
    }

    private static float[] random(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (RANDOM.nextDouble() * 4 - 2);
        }
        return v;
    }

    /**
     * Runs a native kernel into a fresh zeroed output of {@code size} floats, asserting EN_OK;
     * returns the output (gaps a kernel must not write stay 0, as in the Java result).
     */
    private static float[] runNative(int size, java.util.function.ToIntFunction<FloatPointer> kernel) {
        FloatPointer out = new FloatPointer(size);
        out.zero();
        assertEquals(NativeKernels.EN_OK, kernel.applyAsInt(out));
        float[] result = new float[size];
        out.get(result);
        return result;
    }

    private static FloatPointer pointer(float[] v) {
        return new FloatPointer(v);
    }

    /** |a - b| <= 1e-5 * (1 + |a|) per element: float32 rounding of different summation orders. */
    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            double tol = 1e-5 * (1 + Math.abs(expected[i])) * 8;
            assertTrue(Math.abs(expected[i] - actual[i]) <= tol,
                    what + " at " + i + ": java " + expected[i] + " native " + actual[i]);
        }
    }

    @ParameterizedTest(name = "isa {0} {1}")
    @MethodSource("isasAndActs")
    void depthwise(int isa, Activation act) {
        assertEquals(NativeKernels.EN_OK, NativeKernels.en_isa_force(isa));
        for (int[] s : new int[][] {{7, 9, 13, 3, 1}, {8, 8, 17, 3, 2}, {5, 11, 33, 5, 1}, {13, 6, 100, 5, 2},
                {1, 1, 9, 3, 1}}) {
            int h = s[0], w = s[1], c = s[2], k = s[3], stride = s[4], pad = (k - 1) / 2;
            int oh = Shapes.convOut(h, k, stride, pad), ow = Shapes.convOut(w, k, stride, pad);
            float[] in = random(h * w * c), weight = random(k * k * c), bias = random(c);
            float[] expected = new float[oh * ow * c];
            JavaKernels.dwconv(in, 0, h, w, c, c, JavaKernels.rows(weight, k * k, c), bias, k, stride, pad, act,
                    expected, 0, c, oh, ow, 0, oh);
            float[] actual = runNative(expected.length, out -> NativeKernels.en_dwconv(null, pointer(in), in.length, 1,
                    h, w, c, c, pointer(weight), pointer(bias), k, stride, pad, act.code, out, expected.length, c));
            assertClose(expected, actual, "dwconv " + java.util.Arrays.toString(s));
        }
    }

    @ParameterizedTest(name = "isa {0} {1}")
    @MethodSource("isasAndActs")
    void pointwiseWithAndWithoutResidual(int isa, Activation act) {
        assertEquals(NativeKernels.EN_OK, NativeKernels.en_isa_force(isa));
        for (int[] s : new int[][] {{1, 3, 5}, {7, 17, 9}, {30, 33, 24}, {61, 96, 160}, {5, 8, 1}}) {
            int m = s[0], cin = s[1], cout = s[2];
            float[] in = random(m * cin), weight = random(cin * cout), bias = random(cout), res = random(m * cout);
            for (boolean withRes : new boolean[] {false, true}) {
                float[] expected = new float[m * cout];
                JavaKernels.pwconv(in, 0, cin, cin, JavaKernels.rows(weight, cin, cout), bias, cout, act,
                        withRes ? res : null, 0, cout, expected, 0, cout, 0, m);
                float[] actual = runNative(expected.length, out -> NativeKernels.en_pwconv(null, pointer(in),
                        in.length, m, cin, cin, pointer(weight), pointer(bias), cout, act.code,
                        withRes ? pointer(res) : null, withRes ? res.length : 0, cout, out, expected.length, cout));
                assertClose(expected, actual, "pwconv " + java.util.Arrays.toString(s) + " residual " + withRes);
            }
        }
    }

    @ParameterizedTest(name = "isa {0} {1}")
    @MethodSource("isasAndActs")
    void stemConvolution(int isa, Activation act) {
        assertEquals(NativeKernels.EN_OK, NativeKernels.en_isa_force(isa));
        for (int[] s : new int[][] {{15, 17, 3, 32, 3, 2}, {8, 9, 3, 16, 3, 2}, {7, 7, 5, 9, 3, 1}}) {
            int h = s[0], w = s[1], cin = s[2], cout = s[3], k = s[4], stride = s[5], pad = (k - 1) / 2;
            int oh = Shapes.convOut(h, k, stride, pad), ow = Shapes.convOut(w, k, stride, pad);
            float[] in = random(h * w * cin), weight = random(k * k * cin * cout), bias = random(cout);
            float[] expected = new float[oh * ow * cout];
            JavaKernels.conv2d(in, 0, h, w, cin, JavaKernels.rows(weight, k * k * cin, cout), bias, cout, k, stride,
                    pad, act, expected, 0, oh, ow, 0, oh);
            float[] actual = runNative(expected.length, out -> NativeKernels.en_conv2d(null, pointer(in), in.length, 1,
                    h, w, cin, pointer(weight), pointer(bias), cout, k, stride, pad, act.code, out, expected.length));
            assertClose(expected, actual, "conv2d " + java.util.Arrays.toString(s));
        }
    }

    @ParameterizedTest(name = "isa {0} {1}")
    @MethodSource("isasAndActs")
    void poolAndLinear(int isa, Activation act) {
        assertEquals(NativeKernels.EN_OK, NativeKernels.en_isa_force(isa));
        int h = 7, w = 5, c = 37, cout = 19;
        float[] in = random(h * w * c);
        float[] pooled = new float[c];
        JavaKernels.globalAvgPool(in, 0, h, w, c, c, pooled, 0, 0, 1);
        float[] nativePooled = runNative(c, out -> NativeKernels.en_global_avgpool(null, pointer(in), in.length, 1, h,
                w, c, c, out, c));
        assertClose(pooled, nativePooled, "avgpool");

        float[] weight = random(cout * c), bias = random(cout);
        float[] expected = new float[cout];
        JavaKernels.linear(pooled, 0, 1, c, weight, bias, cout, act, expected, 0, 0, cout);
        float[] actual = runNative(cout, out -> NativeKernels.en_linear(null, pointer(pooled), c, 1, c,
                pointer(weight), pointer(bias), cout, act.code, out, cout));
        assertClose(expected, actual, "linear");
    }

    @ParameterizedTest(name = "isa {0} {1}")
    @MethodSource("isasAndActs")
    void layoutTransform(int isa, Activation ignored) {
        assertEquals(NativeKernels.EN_OK, NativeKernels.en_isa_force(isa));
        int c = 3, h = 5, w = 7;
        float[] in = random(2 * c * h * w);
        float[] expected = new float[in.length];
        JavaKernels.nchwToNhwc(in, 0, c, h, w, expected, 0, 0, 2);
        float[] actual = runNative(in.length, out -> NativeKernels.en_nchw_to_nhwc(null, pointer(in), in.length, 2, c,
                h, w, out, in.length));
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual);
    }

    /** A capacity one float short is refused by the native side, never read past. */
    @ParameterizedTest(name = "isa {0} {1}")
    @MethodSource("isasAndActs")
    void nativeRefusesShortBuffers(int isa, Activation act) {
        assertEquals(NativeKernels.EN_OK, NativeKernels.en_isa_force(isa));
        float[] in = random(4 * 4 * 8);
        FloatPointer out = new FloatPointer(4 * 4 * 8);
        assertEquals(NativeKernels.EN_ERR_ARG, NativeKernels.en_dwconv(null, pointer(in), in.length - 1, 1, 4, 4, 8,
                8, pointer(random(72)), null, 3, 1, 1, act.code, out, 128, 8));
        assertEquals(NativeKernels.EN_ERR_ARG, NativeKernels.en_pwconv(null, pointer(in), in.length, 16, 8, 8,
                pointer(random(64)), null, 8, act.code, null, 0, 8, out, 127, 8));
    }

    /** Grouped 1x1 convolution: plain groups, Megvii's interleaved input, ShuffleNetV2's odd-channel writes. */
    @ParameterizedTest(name = "isa {0} {1}")
    @MethodSource("isasAndActs")
    void groupedPointwise(int isa, Activation act) {
        assertEquals(NativeKernels.EN_OK, NativeKernels.en_isa_force(isa));
        // m, groups, cinG, coutG, interleaved input, output channel stride, residual
        for (int[] s : new int[][] {{9, 3, 4, 5, 0, 1, 0}, {13, 8, 3, 17, 1, 1, 1}, {7, 2, 11, 9, 1, 1, 0},
                {5, 1, 24, 29, 0, 2, 0}, {17, 4, 6, 6, 0, 1, 1}, {3, 1, 7, 3, 0, 1, 1}}) {
            int m = s[0], groups = s[1], cinG = s[2], coutG = s[3], outCs = s[5];
            boolean interleaved = s[4] == 1, withRes = s[6] == 1;
            int cin = groups * cinG, cout = groups * coutG, outPs = cout * outCs + 1;
            int inGs = interleaved ? 1 : cinG, inCs = interleaved ? groups : 1, outGs = coutG * outCs;
            float[] in = random(m * cin), weight = random(groups * cinG * coutG), bias = random(cout);
            float[] res = random(m * cout);
            float[][][] rows = new float[groups][][];
            for (int g = 0; g < groups; g++) {
                rows[g] = JavaKernels.rows(java.util.Arrays.copyOfRange(weight, g * cinG * coutG,
                        (g + 1) * cinG * coutG), cinG, coutG);
            }
            float[] expected = new float[m * outPs];
            JavaKernels.pwconvGrouped(in, 0, cin, inGs, inCs, groups, cinG, rows, bias, coutG, act,
                    withRes ? res : null, 0, cout, expected, 0, outPs, outGs, outCs, 0, m);
            float[] actual = runNative(expected.length, out -> NativeKernels.en_pwconv_grouped(null, pointer(in),
                    in.length, m, groups, cinG, cin, inGs, inCs, pointer(weight), pointer(bias), coutG, act.code,
                    withRes ? pointer(res) : null, withRes ? res.length : 0, cout, out, expected.length, outPs, outGs,
                    outCs));
            assertClose(expected, actual, "grouped pwconv " + java.util.Arrays.toString(s));
        }
    }

    @ParameterizedTest(name = "isa {0} {1}")
    @MethodSource("isasAndActs")
    void squeezeExcite(int isa, Activation act) {
        assertEquals(NativeKernels.EN_OK, NativeKernels.en_isa_force(isa));
        for (Activation gate : new Activation[] {Activation.HSIGMOID, Activation.SIGMOID}) {
            int n = 2, h = 5, w = 3, c = 37, mid = 9, ps = 40;
            float[] in = random(n * h * w * ps), w1 = random(mid * c), b1 = random(mid), w2 = random(c * mid);
            float[] b2 = random(c);
            float[] expected = new float[in.length];
            JavaKernels.squeezeExcite(in, 0, h, w, c, ps, w1, b1, mid, act, w2, b2, gate, expected, 0, ps, 0, n);
            float[] actual = runNative(in.length, out -> NativeKernels.en_se(null, pointer(in), in.length, n, h, w, c,
                    ps, pointer(w1), pointer(b1), mid, act.code, pointer(w2), pointer(b2), gate.code, out, in.length,
                    ps));
            assertClose(expected, actual, "se gate " + gate);
        }
    }

    @ParameterizedTest(name = "isa {0} {1}")
    @MethodSource("isasAndActs")
    void windowPoolsAddAndCopy(int isa, Activation act) {
        assertEquals(NativeKernels.EN_OK, NativeKernels.en_isa_force(isa));
        int h = 9, w = 6, c = 19;
        float[] in = random(h * w * c);
        for (boolean max : new boolean[] {true, false}) {
            int k = 3, stride = 2, pad = 1, oh = Shapes.convOut(h, k, stride, pad), ow = Shapes.convOut(w, k, stride, pad);
            float[] expected = new float[oh * ow * c];
            JavaKernels.windowPool(in, 0, h, w, c, c, max, k, stride, pad, expected, 0, c, oh, ow, 0, oh);
            float[] actual = runNative(expected.length, out -> NativeKernels.en_window_pool(null, pointer(in),
                    in.length, 1, h, w, c, c, max ? NativeKernels.EN_POOL_MAX : NativeKernels.EN_POOL_AVG, k, stride,
                    pad, out, expected.length, c));
            assertClose(expected, actual, max ? "max pool" : "avg pool");
        }
        float[] other = random(in.length);
        float[] sum = new float[in.length];
        JavaKernels.add(in, 0, c, other, 0, c, c, act, sum, 0, c, 0, h * w);
        assertClose(sum, runNative(in.length, out -> NativeKernels.en_add(null, pointer(in), in.length, c,
                pointer(other), other.length, c, h * w, c, act.code, out, in.length, c)), "add");
        float[] gathered = new float[h * w * 2 * c];
        JavaKernels.channelCopy(in, 0, c, 1, c, gathered, 1, 2 * c, 2, 0, h * w);
        float[] nativeGathered = runNative(gathered.length, out -> NativeKernels.en_channel_copy(null, pointer(in),
                in.length, h * w, c, c, 1, out.getPointer(1), gathered.length - 1, 2 * c, 2));
        org.junit.jupiter.api.Assertions.assertArrayEquals(gathered, nativeGathered, "channel copy");
    }
}
