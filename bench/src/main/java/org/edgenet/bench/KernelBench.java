package org.edgenet.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.FloatPointer;
import org.edgenet.graph.Activation;
import org.edgenet.graph.Shapes;
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
 * Single layers of the zoo at 224x224, one thread: native (best ISA, forced AVX2, forced scalar,
 * OpenBLAS GEMM) against the pure-Java kernels on the same data. Engine "java" is the baseline to
 * read ratios against; "native" is AVX-512 where the CPU has it.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class KernelBench {

    /**
     * Depthwise KxK, pad k/2, as "HxWxC/kKsS/ACT": MobileNetV2's first (3x3 s1 on 112x112x32) and
     * its stride-2 block-2 layer, EfficientNet-B0's 5x5 layers (56x56x144 s2, 14x14x672 s1,
     * 7x7x1152 s1) with SiLU, and MobileNetV1's 512-channel layer (whose pixel stride maps a row
     * into two L1 sets).
     */
    @State(Scope.Thread)
    public static class Depthwise extends EngineState {
        @Param({"112x112x32/k3s1/RELU6", "112x112x96/k3s2/RELU6", "56x56x144/k3s1/RELU6", "56x56x144/k5s2/SILU",
                "14x14x672/k5s1/SILU", "7x7x1152/k5s1/SILU", "14x14x512/k3s1/RELU"})
        public String layer;

        @Param({"native", "native-avx2", "native-scalar", "java"})
        public String engine;

        int h, w, c, k, stride, pad, oh, ow;
        Activation act;
        float[] in, weight, bias, out;
        float[][] weightRows;
        FloatPointer nIn, nWeight, nBias, nOut;

        @Setup(Level.Trial)
        public void setUp() {
            String[] p = layer.split("/");
            String[] d = p[0].split("x");
            h = Integer.parseInt(d[0]);
            w = Integer.parseInt(d[1]);
            c = Integer.parseInt(d[2]);
            k = Integer.parseInt(p[1].substring(1, p[1].indexOf('s')));
            stride = Integer.parseInt(p[1].substring(p[1].indexOf('s') + 1));
            act = Activation.valueOf(p[2]);
            pad = k / 2;
            oh = Shapes.convOut(h, k, stride, pad);
            ow = Shapes.convOut(w, k, stride, pad);
            in = random(h * w * c, 1);
            weight = random(k * k * c, 2);
            weightRows = JavaKernels.rows(weight, k * k, c);
            bias = random(c, 3);
            out = new float[oh * ow * c];
            Engines.select(engine);
            nIn = new FloatPointer(in);
            nWeight = new FloatPointer(weight);
            nBias = new FloatPointer(bias);
            nOut = new FloatPointer(out.length);
        }
    }

    @Benchmark
    public Object depthwise(Depthwise s) {
        if (s.engine.equals("java")) {
            JavaKernels.dwconv(s.in, 0, s.h, s.w, s.c, s.c, s.weightRows, s.bias, s.k, s.stride, s.pad, s.act,
                    s.out, 0, s.c, s.oh, s.ow, 0, s.oh);
            return s.out;
        }
        Engines.check(NativeKernels.en_dwconv(null, s.nIn, s.in.length, 1, s.h, s.w, s.c, s.c, s.nWeight, s.nBias,
                s.k, s.stride, s.pad, s.act.code, s.nOut, s.out.length, s.c));
        return s.nOut;
    }

    /** The stem: 3x3 stride 2 from RGB at 224, to 32 channels (MobileNetV2, EfficientNet) or 16 (V3, GhostNet). */
    @State(Scope.Thread)
    public static class Stem extends EngineState {
        @Param({"32/RELU6", "32/SILU", "16/HSWISH"})
        public String layer;

        @Param({"native", "native-avx2", "native-scalar", "java"})
        public String engine;

        final int h = 224, w = 224, cin = 3;
        int cout, oh, ow;
        Activation act;
        float[] in, weight, bias, out;
        float[][] weightRows;
        FloatPointer nIn, nWeight, nBias, nOut;

        @Setup(Level.Trial)
        public void setUp() {
            String[] p = layer.split("/");
            cout = Integer.parseInt(p[0]);
            act = Activation.valueOf(p[1]);
            oh = Shapes.convOut(h, 3, 2, 1);
            ow = Shapes.convOut(w, 3, 2, 1);
            in = random(h * w * cin, 1);
            weight = random(9 * cin * cout, 2);
            weightRows = JavaKernels.rows(weight, 9 * cin, cout);
            bias = random(cout, 3);
            out = new float[oh * ow * cout];
            Engines.select(engine);
            nIn = new FloatPointer(in);
            nWeight = new FloatPointer(weight);
            nBias = new FloatPointer(bias);
            nOut = new FloatPointer(out.length);
        }
    }

    @Benchmark
    public Object stem(Stem s) {
        if (s.engine.equals("java")) {
            JavaKernels.conv2d(s.in, 0, s.h, s.w, s.cin, s.weightRows, s.bias, s.cout, 3, 2, 1, s.act, s.out, 0,
                    s.oh, s.ow, 0, s.oh);
            return s.out;
        }
        Engines.check(NativeKernels.en_conv2d(null, s.nIn, s.in.length, 1, s.h, s.w, s.cin, s.nWeight, s.nBias,
                s.cout, 3, 2, 1, s.act.code, s.nOut, s.out.length));
        return s.nOut;
    }

    /**
     * Pointwise 1x1 layers of MobileNetV1/V2 (m pixels x cin x cout): an expansion, a projection
     * with residual, V1's 28x28, 14x14 and 7x7 layers, V2's last 1x1 and, as one pixel, its
     * classifier (the fully connected layers run on the same kernels). "native" and
     * "native-avx2" run en_pwconv_packed on weights packed in setup (as a built network does),
     * "native-unpacked" and "native-openblas" en_pwconv on the plain [cin][cout] weights.
     */
    @State(Scope.Thread)
    public static class Pointwise extends EngineState {
        @Param({"3136x24x144", "784x192x32+res", "784x128x128", "784x256x256", "196x512x512", "49x1024x1024",
                "49x320x1280", "1x1280x1000"})
        public String layer;

        @Param({"native", "native-avx2", "native-unpacked", "native-scalar", "native-openblas", "java"})
        public String engine;

        int m, cin, cout;
        boolean residual, packed;
        float[] in, weight, bias, res, out;
        float[][] weightRows;
        FloatPointer nIn, nWeight, nBias, nRes, nOut, nPacked;

        @Setup(Level.Trial)
        public void setUp() {
            residual = layer.endsWith("+res");
            String[] d = layer.replace("+res", "").split("x");
            m = Integer.parseInt(d[0]);
            cin = Integer.parseInt(d[1]);
            cout = Integer.parseInt(d[2]);
            in = random(m * cin, 4);
            weight = random(cin * cout, 5);
            weightRows = JavaKernels.rows(weight, cin, cout);
            bias = random(cout, 6);
            res = residual ? random(m * cout, 7) : null;
            out = new float[m * cout];
            Engines.select(engine);
            nIn = new FloatPointer(in);
            nWeight = new FloatPointer(weight);
            nBias = new FloatPointer(bias);
            nRes = residual ? new FloatPointer(res) : null;
            nOut = new FloatPointer(out.length);
            packed = Engines.packed(engine);
            nPacked = packed ? Engines.pack(1, cin, cout, nWeight, nBias) : null;
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
    public Object pointwise(Pointwise s) {
        Activation act = s.residual ? Activation.NONE : Activation.RELU6;
        if (s.engine.equals("java")) {
            JavaKernels.pwconv(s.in, 0, s.cin, s.cin, s.weightRows, s.bias, s.cout, act, s.res, 0, s.cout,
                    s.out, 0, s.cout, 0, s.m);
            return s.out;
        }
        int resCap = s.residual ? s.res.length : 0;
        if (s.packed) {
            Engines.check(NativeKernels.en_pwconv_packed(null, s.nIn, s.in.length, s.m, s.cin, s.cin, s.nPacked,
                    s.nPacked.capacity(), s.cout, act.code, s.nRes, resCap, s.cout, s.nOut, s.out.length, s.cout));
        } else {
            Engines.check(NativeKernels.en_pwconv(null, s.nIn, s.in.length, s.m, s.cin, s.cin, s.nWeight, s.nBias,
                    s.cout, act.code, s.nRes, resCap, s.cout, s.nOut, s.out.length, s.cout));
        }
        return s.nOut;
    }

    static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }
}
