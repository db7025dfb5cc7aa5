package org.edgenet.backend;

import java.util.ArrayList;
import java.util.List;
import org.edgenet.Tensor;
import org.edgenet.graph.Graph;
import org.edgenet.graph.MemoryPlan;
import org.edgenet.graph.Op;
import org.edgenet.graph.Value;
import org.edgenet.kernels.JavaKernels;

/** The pure-Java backend: one heap arena laid out by the {@link MemoryPlan}, kernels from {@link JavaKernels}. */
public final class JavaExecutor implements Executor {
    private final Graph graph;
    private final MemoryPlan plan;
    private final float[] arena;
    private final float[] inputStaging;
    private final List<Runnable> steps = new ArrayList<>();
    private final JavaParallel parallel;

    public JavaExecutor(Graph graph, MemoryPlan plan, int threads) {
        if (plan.arenaFloats() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("activations need " + plan.peakBytes()
                    + " bytes, more than a Java array holds; use the native backend");
        }
        this.graph = graph;
        this.plan = plan;
        this.arena = new float[(int) plan.arenaFloats()];
        this.inputStaging = new float[Math.toIntExact(graph.input.size())];
        this.parallel = new JavaParallel(threads);
        for (Op op : graph.ops) {
            steps.add(compile(op));
        }
    }

    @Override
    public float[] run(Tensor input, long[] stepNanos) {
        input.pointer().get(inputStaging);
        for (int i = 0; i < inputStaging.length; i++) {
            if (!Float.isFinite(inputStaging[i])) {
                throw Executor.nonFinite(i, inputStaging[i]);
            }
        }
        Value in = graph.input;
        int inOff = off(in);
        long t0 = System.nanoTime();
        parallel.forRange(in.n,
                (b, e) -> JavaKernels.nchwToNhwc(inputStaging, 0, in.c, in.h, in.w, arena, inOff, b, e));
        if (stepNanos != null) {
            t0 = StepTimer.lap(stepNanos, 0, t0);
        }
        for (int i = 0; i < steps.size(); i++) {
            steps.get(i).run();
            if (stepNanos != null) {
                t0 = StepTimer.lap(stepNanos, i + 1, t0);
            }
        }
        int outOff = off(graph.output);
        float[] result = new float[Math.toIntExact(graph.output.size())];
        System.arraycopy(arena, outOff, result, 0, result.length);
        return result;
    }

    @Override
    public String engine() {
        return "java";
    }

    @Override
    public void close() {
        parallel.close();
    }

    private int off(Value v) {
        return (int) plan.offset(v);
    }

    private Runnable compile(Op op) {
        if (op instanceof Op.Conv2d c) {
            Value in = c.in(), out = c.out();
            int inOff = off(in), outOff = off(out);
            float[][] weight = JavaKernels.rows(c.weight(), c.k() * c.k() * in.c, out.c);
            return () -> parallel.forRange(out.n * out.h, (b, e) -> JavaKernels.conv2d(arena, inOff, in.h, in.w, in.c,
                    weight, c.bias(), out.c, c.k(), c.stride(), c.pad(), c.act(), arena, outOff, out.h, out.w, b, e));
        }
        if (op instanceof Op.Depthwise d) {
            Value in = d.in(), out = d.out();
            int inOff = off(in), outOff = off(out);
            float[][] weight = JavaKernels.rows(d.weight(), d.k() * d.k(), in.c);
            return () -> parallel.forRange(out.n * out.h, (b, e) -> JavaKernels.dwconv(arena, inOff, in.h, in.w, in.c,
                    in.pixelStride(), weight, d.bias(), d.k(), d.stride(), d.pad(), d.act(), arena, outOff,
                    out.pixelStride(), out.h, out.w, b, e));
        }
        if (op instanceof Op.Pointwise p) {
            return compilePointwise(p);
        }
        if (op instanceof Op.GlobalAvgPool g) {
            Value in = g.in(), out = g.out();
            int inOff = off(in), outOff = off(out);
            return () -> parallel.forRange(in.n, (b, e) -> JavaKernels.globalAvgPool(arena, inOff, in.h, in.w, in.c,
                    in.pixelStride(), arena, outOff, b, e));
        }
        if (op instanceof Op.Linear l) {
            Value in = l.in(), out = l.out();
            int inOff = off(in), outOff = off(out);
            return () -> parallel.forRange(out.c, (b, e) -> JavaKernels.linear(arena, inOff, in.n, in.c, l.weight(),
                    l.bias(), out.c, l.act(), arena, outOff, b, e));
        }
        if (op instanceof Op.SqueezeExcite se) {
            Value in = se.in(), out = se.out();
            int inOff = off(in), outOff = off(out);
            return () -> parallel.forRange(in.n, (b, e) -> JavaKernels.squeezeExcite(arena, inOff, in.h, in.w, in.c,
                    in.pixelStride(), se.w1(), se.b1(), se.mid(), se.act(), se.w2(), se.b2(), se.gate(),
                    arena, outOff, out.pixelStride(), b, e));
        }
        if (op instanceof Op.WindowPool wp) {
            Value in = wp.in(), out = wp.out();
            int inOff = off(in), outOff = off(out);
            return () -> parallel.forRange(out.n * out.h, (b, e) -> JavaKernels.windowPool(arena, inOff, in.h, in.w,
                    in.c, in.pixelStride(), wp.max(), wp.k(), wp.stride(), wp.pad(), arena, outOff, out.pixelStride(),
                    out.h, out.w, b, e));
        }
        if (op instanceof Op.Add a) {
            Value x = a.a(), y = a.b(), out = a.out();
            int xOff = off(x), yOff = off(y), outOff = off(out);
            return () -> parallel.forRange(Math.toIntExact(out.pixels()), (b, e) -> JavaKernels.add(arena, xOff,
                    x.pixelStride(), arena, yOff, y.pixelStride(), out.c, a.act(), arena, outOff, out.pixelStride(),
                    b, e));
        }
        if (op instanceof Op.ChannelCopy cc) {
            Value in = cc.in(), out = cc.out();
            int inOff = off(in), outOff = off(out);
            return () -> parallel.forRange(Math.toIntExact(out.pixels()), (b, e) -> JavaKernels.channelCopy(arena,
                    inOff, in.pixelStride(), in.channelStride, in.c, arena, outOff, out.pixelStride(),
                    out.channelStride, b, e));
        }
        throw new IllegalArgumentException("the Java backend has no kernel for " + op.getClass().getSimpleName());
    }

    /** Dense contiguous 1x1 convolutions take the fast kernel; grouped or strided ones the general one. */
    private Runnable compilePointwise(Op.Pointwise p) {
        Value in = p.in(), out = p.out(), res = p.residual();
        int inOff = off(in), outOff = off(out);
        float[] resArena = res == null ? null : arena;
        int resOff = res == null ? 0 : off(res);
        int resPs = res == null ? 0 : res.pixelStride();
        int pixels = Math.toIntExact(out.pixels());
        if (p.isDense()) {
            float[][] weight = JavaKernels.rows(p.weight(), in.c, out.c);
            return () -> parallel.forRange(pixels, (b, e) -> JavaKernels.pwconv(arena, inOff, in.c, in.pixelStride(),
                    weight, p.bias(), out.c, p.act(), resArena, resOff, resPs, arena, outOff, out.pixelStride(), b, e));
        }
        int groups = p.groups(), cinG = in.c / groups, coutG = out.c / groups;
        float[][][] weight = new float[groups][][];
        for (int g = 0; g < groups; g++) {
            float[] block = java.util.Arrays.copyOfRange(p.weight(), g * cinG * coutG, (g + 1) * cinG * coutG);
            weight[g] = JavaKernels.rows(block, cinG, coutG);
        }
        int inGs = p.inGroupStride(), inCs = p.inChannelStride(), outGs = p.outGroupStride();
        int outCs = p.outChannelStride();
        return () -> parallel.forRange(pixels, (b, e) -> JavaKernels.pwconvGrouped(arena, inOff, in.pixelStride(),
                inGs, inCs, groups, cinG, weight, p.bias(), coutG, p.act(), resArena, resOff, resPs,
                arena, outOff, out.pixelStride(), outGs, outCs, b, e));
    }
}
