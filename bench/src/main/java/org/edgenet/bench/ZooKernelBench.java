package org.edgenet.bench;

import static org.edgenet.bench.KernelBench.random;

import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.FloatPointer;
import org.edgenet.graph.Activation;
import org.edgenet.kernels.JavaKernels;
import org.edgenet.kernels.NativeKernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The kernels the other families add, at their 224x224 shapes, one thread: grouped and shuffled
 * 1x1 convolutions (ShuffleNetV1/V2), squeeze-excite (MobileNetV3, EfficientNet) and the cost of
 * each fused activation. Engine "java" is the baseline to read ratios against.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class ZooKernelBench {

    /**
     * pixels x cin x cout / layout: "g3" a 3-group 1x1 (ShuffleNetV1 g3, stage 3), "g3i" the same
     * reading Megvii's shuffled input, "odd" a dense 1x1 writing the odd channels of a shuffled
     * concat (ShuffleNetV2 1.0x, stage 2).
     */
    @State(Scope.Thread)
    public static class Grouped extends EngineState {
        @Param({"196x480x120/g3", "196x120x480/g3i", "784x58x58/odd"})
        public String layer;

        @Param({"native", "native-avx2", "native-unpacked", "native-scalar", "java"})
        public String engine;

        int m, groups, cinG, coutG, inGs, inCs, outPs, outGs, outCs;
        float[] in, weight, bias, out;
        float[][][] rows;
        FloatPointer nIn, nWeight, nBias, nOut, nPacked;

        @Setup(Level.Trial)
        public void setUp() {
            String[] p = layer.split("/");
            String[] d = p[0].split("x");
            m = Integer.parseInt(d[0]);
            int cin = Integer.parseInt(d[1]), cout = Integer.parseInt(d[2]);
            groups = p[1].startsWith("g") ? Integer.parseInt(p[1].substring(1, 2)) : 1;
            cinG = cin / groups;
            coutG = cout / groups;
            boolean interleaved = p[1].endsWith("i");
            inGs = interleaved ? 1 : cinG;
            inCs = interleaved ? groups : 1;
            outCs = p[1].equals("odd") ? 2 : 1;
            outGs = coutG * outCs;
            outPs = cout * outCs;
            in = random(m * cin, 1);
            weight = random(groups * cinG * coutG, 2);
            bias = random(cout, 3);
            out = new float[m * outPs];
            rows = new float[groups][][];
            for (int g = 0; g < groups; g++) {
                rows[g] = JavaKernels.rows(java.util.Arrays.copyOfRange(weight, g * cinG * coutG,
                        (g + 1) * cinG * coutG), cinG, coutG);
            }
            Engines.select(engine);
            nIn = new FloatPointer(in);
            nWeight = new FloatPointer(weight);
            nBias = new FloatPointer(bias);
            nOut = new FloatPointer(out.length);
            nPacked = Engines.packed(engine) ? Engines.pack(groups, cinG, coutG, nWeight, nBias) : null;
        }

        @TearDown(Level.Trial)
        public void freePacked() {
            if (nPacked != null) {
                NativeKernels.en_free(nPacked);
                nPacked = null;
            }
        }
    }

    @Benchmark
    public Object groupedPointwise(Grouped s) {
        int cin = s.groups * s.cinG;
        if (s.engine.equals("java")) {
            JavaKernels.pwconvGrouped(s.in, 0, cin, s.inGs, s.inCs, s.groups, s.cinG, s.rows, s.bias, s.coutG,
                    Activation.RELU, null, 0, 0, s.out, s.outCs - 1, s.outPs, s.outGs, s.outCs, 0, s.m);
            return s.out;
        }
        if (s.nPacked != null) {
            Engines.check(NativeKernels.en_pwconv_grouped_packed(null, s.nIn, s.in.length, s.m, s.groups, s.cinG, cin,
                    s.inGs, s.inCs, s.nPacked, s.nPacked.capacity(), s.coutG, Activation.RELU.code, null, 0, 0,
                    s.nOut.getPointer(s.outCs - 1), s.out.length - (s.outCs - 1), s.outPs, s.outGs, s.outCs));
            return s.nOut;
        }
        Engines.check(NativeKernels.en_pwconv_grouped(null, s.nIn, s.in.length, s.m, s.groups, s.cinG, cin, s.inGs,
                s.inCs, s.nWeight, s.nBias, s.coutG, Activation.RELU.code, null, 0, 0,
                s.nOut.getPointer(s.outCs - 1), s.out.length - (s.outCs - 1), s.outPs, s.outGs, s.outCs));
        return s.nOut;
    }

    /** h x w x c / mid: MobileNetV3-Large's 28x28x120 (ReLU, h-sigmoid), EfficientNet-B0's 14x14x480 (SiLU, sigmoid). */
    @State(Scope.Thread)
    public static class SqueezeExcite extends EngineState {
        @Param({"28x28x120/32", "14x14x480/20"})
        public String layer;

        @Param({"native", "native-scalar", "java"})
        public String engine;

        int h, w, c, mid;
        Activation act, gate;
        float[] in, w1, b1, w2, b2, out;
        FloatPointer nIn, nW1, nB1, nW2, nB2, nOut;

        @Setup(Level.Trial)
        public void setUp() {
            String[] p = layer.split("/");
            String[] d = p[0].split("x");
            h = Integer.parseInt(d[0]);
            w = Integer.parseInt(d[1]);
            c = Integer.parseInt(d[2]);
            mid = Integer.parseInt(p[1]);
            boolean efficientNet = c == 480;
            act = efficientNet ? Activation.SILU : Activation.RELU;
            gate = efficientNet ? Activation.SIGMOID : Activation.HSIGMOID;
            in = random(h * w * c, 4);
            w1 = random(mid * c, 5);
            b1 = random(mid, 6);
            w2 = random(c * mid, 7);
            b2 = random(c, 8);
            out = new float[in.length];
            Engines.select(engine);
            nIn = new FloatPointer(in);
            nW1 = new FloatPointer(w1);
            nB1 = new FloatPointer(b1);
            nW2 = new FloatPointer(w2);
            nB2 = new FloatPointer(b2);
            nOut = new FloatPointer(out.length);
        }
    }

    @Benchmark
    public Object squeezeExcite(SqueezeExcite s) {
        if (s.engine.equals("java")) {
            JavaKernels.squeezeExcite(s.in, 0, s.h, s.w, s.c, s.c, s.w1, s.b1, s.mid, s.act, s.w2, s.b2, s.gate,
                    s.out, 0, s.c, 0, 1);
            return s.out;
        }
        Engines.check(NativeKernels.en_se(null, s.nIn, s.in.length, 1, s.h, s.w, s.c, s.c, s.nW1, s.nB1, s.mid,
                s.act.code, s.nW2, s.nB2, s.gate.code, s.nOut, s.out.length, s.c));
        return s.nOut;
    }

    /** One 784 x 240 -> 240 1x1 (a MobileNetV3 / EfficientNet size) with each fused activation. */
    @State(Scope.Thread)
    public static class Epilogue extends EngineState {
        @Param({"RELU", "HSWISH", "SILU"})
        public Activation act;

        @Param({"native", "native-avx2", "java"})
        public String engine;

        final int m = 784, c = 240;
        float[] in, weight, bias, out;
        float[][] rows;
        FloatPointer nIn, nWeight, nBias, nOut, nPacked;

        @Setup(Level.Trial)
        public void setUp() {
            in = random(m * c, 9);
            weight = random(c * c, 10);
            bias = random(c, 11);
            rows = JavaKernels.rows(weight, c, c);
            out = new float[m * c];
            Engines.select(engine);
            nIn = new FloatPointer(in);
            nWeight = new FloatPointer(weight);
            nBias = new FloatPointer(bias);
            nOut = new FloatPointer(out.length);
            nPacked = Engines.packed(engine) ? Engines.pack(1, c, c, nWeight, nBias) : null;
        }

        @TearDown(Level.Trial)
        public void freePacked() {
            if (nPacked != null) {
                NativeKernels.en_free(nPacked);
                nPacked = null;
            }
        }
    }

    @Benchmark
    public Object activationEpilogue(Epilogue s) {
        if (s.engine.equals("java")) {
            JavaKernels.pwconv(s.in, 0, s.c, s.c, s.rows, s.bias, s.c, s.act, null, 0, 0, s.out, 0, s.c, 0, s.m);
            return s.out;
        }
        Engines.check(NativeKernels.en_pwconv_packed(null, s.nIn, s.in.length, s.m, s.c, s.c, s.nPacked,
                s.nPacked.capacity(), s.c, s.act.code, null, 0, 0, s.nOut, s.out.length, s.c));
        return s.nOut;
    }
}
