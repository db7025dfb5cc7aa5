package org.edgenet.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.bytedeco.javacpp.FloatPointer;
import org.edgenet.Tensor;
import org.edgenet.graph.Activation;
import org.edgenet.graph.Graph;
import org.edgenet.graph.MemoryPlan;
import org.edgenet.graph.Op;
import org.edgenet.graph.Value;
import org.edgenet.kernels.NativeKernels;
import org.edgenet.kernels.NativeKernels.en_pool;

/**
 * The native backend: weights copied once into aligned native memory, one native arena laid out by
 * the {@link MemoryPlan}, a persistent native thread pool, and one JNI call per fused op.
 */
public final class NativeExecutor implements Executor {
    private final Graph graph;
    private final MemoryPlan plan;
    private final NativeMemory arena;
    private final List<NativeMemory> weights = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    private final en_pool pool;

    /** A compiled op, or {@code ops} consecutive ops run as one: the JNI call returns an EN_* code. */
    private record Step(String name, String kernel, IntSupplier call, int ops) {
        Step(String name, String kernel, IntSupplier call) {
            this(name, kernel, call, 1);
        }
    }

    /**
     * Runs the steps of the plan: ops alone, and the depthwise-separable blocks a plan made with
     * {@code MemoryPlan.of(graph, SeparableBlocks.steps(graph))} fuses.
     */
    public NativeExecutor(Graph graph, MemoryPlan plan, int threads) {
        NativeBackendLoader.requireLoaded();
        this.graph = graph;
        this.plan = plan;
        NativeMemory arenaMemory = null;
        en_pool createdPool = null;
        try {
            arenaMemory = new NativeMemory(plan.arenaFloats());
            createdPool = NativeKernels.en_pool_create(threads);
            if (createdPool == null || createdPool.isNull()) {
                throw new IllegalArgumentException("cannot create a native pool of " + threads + " threads");
            }
            this.arena = arenaMemory;
            this.pool = createdPool;
            for (int i = 0; i < graph.ops.size(); i += plan.opsInStep(i)) {
                steps.add(plan.opsInStep(i) == 1 ? compile(graph.ops.get(i)) : compileBlock(i, plan.opsInStep(i)));
            }
        } catch (RuntimeException | Error e) {
            weights.forEach(NativeMemory::close);
            if (arenaMemory != null) {
                arenaMemory.close();
            }
            if (createdPool != null && !createdPool.isNull()) {
                NativeKernels.en_pool_destroy(createdPool);
            }
            throw e;
        }
    }

    @Override
    public float[] run(Tensor input, long[] stepNanos) {
        long bad = NativeKernels.en_find_nonfinite(input.pointer(), input.size());
        if (bad >= 0) {
            throw Executor.nonFinite(bad, input.pointer().get(bad));
        }
        Value in = graph.input;
        long inOff = plan.offset(in);
        long t0 = System.nanoTime();
        check("input", "en_nchw_to_nhwc", NativeKernels.en_nchw_to_nhwc(pool, input.pointer(), input.size(),
                in.n, in.c, in.h, in.w, arena.at(inOff), arena.floats - inOff));
        if (stepNanos != null) {
            t0 = StepTimer.lap(stepNanos, 0, t0);
        }
        int op = 0;
        for (Step step : steps) {
            check(step.name, step.kernel, step.call.getAsInt());
            if (stepNanos != null) {
                // A fused block's time goes to its first op; the ops it absorbed show none.
                t0 = StepTimer.lap(stepNanos, op + 1, t0);
            }
            op += step.ops;
        }
        float[] output = new float[Math.toIntExact(graph.output.size())];
        arena.at(plan.offset(graph.output)).get(output);
        return output;
    }

    @Override
    public int opsInStep(int i) {
        return plan.opsInStep(i);
    }

    @Override
    public String engine() {
        return "native " + NativeKernels.en_isa_name(NativeKernels.en_isa_active());
    }

    @Override
    public void close() {
        NativeKernels.en_pool_destroy(pool);
        weights.forEach(NativeMemory::close);
        arena.close();
    }

    private static void check(String op, String kernel, int code) {
        if (code != NativeKernels.EN_OK) {
            throw new IllegalStateException("op '" + op + "': native " + kernel + " rejected its arguments (code "
                    + code + ")");
        }
    }

    private FloatPointer upload(float[] values) {
        NativeMemory m = NativeMemory.of(values);
        weights.add(m);
        return m.base();
    }

    private FloatPointer at(Value v) {
        return arena.at(plan.offset(v));
    }

    private long cap(Value v) {
        return arena.floats - plan.offset(v);
    }

    private Step compile(Op op) {
        if (op instanceof Op.Conv2d c) {
            Value in = c.in(), out = c.out();
            FloatPointer src = at(in), dst = at(out), w = upload(c.weight()), b = upload(c.bias());
            long srcCap = cap(in), dstCap = cap(out);
            return new Step(op.name(), "en_conv2d", () -> NativeKernels.en_conv2d(pool, src, srcCap, in.n, in.h, in.w,
                    in.c, w, b, out.c, c.k(), c.stride(), c.pad(), c.act().code, dst, dstCap));
        }
        if (op instanceof Op.Depthwise d) {
            Value in = d.in(), out = d.out();
            FloatPointer src = at(in), dst = at(out), w = upload(d.weight()), b = upload(d.bias());
            long srcCap = cap(in), dstCap = cap(out);
            int inPs = in.pixelStride(), outPs = out.pixelStride();
            return new Step(op.name(), "en_dwconv", () -> NativeKernels.en_dwconv(pool, src, srcCap, in.n, in.h, in.w,
                    in.c, inPs, w, b, d.k(), d.stride(), d.pad(), d.act().code, dst, dstCap, outPs));
        }
        if (op instanceof Op.Pointwise p) {
            return compilePointwise(p);
        }
        if (op instanceof Op.GlobalAvgPool g) {
            Value in = g.in(), out = g.out();
            FloatPointer src = at(in), dst = at(out);
            long srcCap = cap(in), dstCap = cap(out);
            int inPs = in.pixelStride();
            return new Step(op.name(), "en_global_avgpool", () -> NativeKernels.en_global_avgpool(pool, src, srcCap,
                    in.n, in.h, in.w, in.c, inPs, dst, dstCap));
        }
        if (op instanceof Op.Linear l) {
            return compileLinear(l);
        }
        if (op instanceof Op.SqueezeExcite e) {
            Value in = e.in(), out = e.out();
            FloatPointer src = at(in), dst = at(out);
            FloatPointer w1 = upload(e.w1()), b1 = upload(e.b1()), w2 = upload(e.w2()), b2 = upload(e.b2());
            long srcCap = cap(in), dstCap = cap(out);
            int inPs = in.pixelStride(), outPs = out.pixelStride();
            return new Step(op.name(), "en_se", () -> NativeKernels.en_se(pool, src, srcCap, in.n, in.h, in.w, in.c,
                    inPs, w1, b1, e.mid(), e.act().code, w2, b2, e.gate().code, dst, dstCap, outPs));
        }
        if (op instanceof Op.WindowPool wp) {
            Value in = wp.in(), out = wp.out();
            FloatPointer src = at(in), dst = at(out);
            long srcCap = cap(in), dstCap = cap(out);
            int inPs = in.pixelStride(), outPs = out.pixelStride();
            int kind = wp.max() ? NativeKernels.EN_POOL_MAX : NativeKernels.EN_POOL_AVG;
            return new Step(op.name(), "en_window_pool", () -> NativeKernels.en_window_pool(pool, src, srcCap, in.n,
                    in.h, in.w, in.c, inPs, kind, wp.k(), wp.stride(), wp.pad(), dst, dstCap, outPs));
        }
        if (op instanceof Op.Add a) {
            Value x = a.a(), y = a.b(), out = a.out();
            FloatPointer xp = at(x), yp = at(y), dst = at(out);
            long xCap = cap(x), yCap = cap(y), dstCap = cap(out);
            int xPs = x.pixelStride(), yPs = y.pixelStride(), outPs = out.pixelStride();
            return new Step(op.name(), "en_add", () -> NativeKernels.en_add(pool, xp, xCap, xPs, yp, yCap, yPs,
                    out.pixels(), out.c, a.act().code, dst, dstCap, outPs));
        }
        if (op instanceof Op.ChannelCopy cc) {
            Value in = cc.in(), out = cc.out();
            FloatPointer src = at(in), dst = at(out);
            long srcCap = cap(in), dstCap = cap(out);
            int inPs = in.pixelStride(), outPs = out.pixelStride();
            return new Step(op.name(), "en_channel_copy", () -> NativeKernels.en_channel_copy(pool, src, srcCap,
                    in.pixels(), in.c, inPs, in.channelStride, dst, dstCap, outPs, out.channelStride));
        }
        throw new IllegalArgumentException("the native backend has no kernel for " + op.getClass().getSimpleName());
    }

    /**
     * The depthwise-separable block of `span` ops starting at op i (see {@link SeparableBlocks}) as
     * one en_separable_block: expand, depthwise, project; depthwise, project; or expand, depthwise.
     */
    private Step compileBlock(int i, int span) {
        if (SeparableBlocks.blockAt(graph, i) != span) {
            throw new IllegalArgumentException("the memory plan runs ops " + i + ".." + (i + span - 1)
                    + " as one step, which is not a block the native backend fuses (see SeparableBlocks)");
        }
        List<Op> ops = graph.ops;
        Op.Pointwise expand = ops.get(i) instanceof Op.Pointwise e ? e : null;
        Op.Depthwise d = (Op.Depthwise) ops.get(expand != null ? i + 1 : i);
        Op.Pointwise project = span == 3 || expand == null ? (Op.Pointwise) ops.get(i + span - 1) : null;
        Value in = expand != null ? expand.in() : d.in(), mid = d.out();
        Value out = project != null ? project.out() : mid, res = project != null ? project.residual() : null;
        int cmid = mid.c;
        FloatPointer ex = expand == null ? null
                : packPointwise(expand.name(), 1, in.c, cmid, expand.weight(), expand.bias());
        FloatPointer pr = project == null ? null
                : packPointwise(project.name(), 1, cmid, out.c, project.weight(), project.bias());
        FloatPointer dw = upload(d.weight()), dwb = upload(d.bias());
        FloatPointer src = at(in), dst = at(out), r = res == null ? null : at(res);
        long exCap = ex == null ? 0 : ex.capacity(), prCap = pr == null ? 0 : pr.capacity();
        long srcCap = cap(in), dstCap = cap(out), resCap = res == null ? 0 : cap(res);
        int inPs = in.pixelStride(), outPs = out.pixelStride(), resPs = res == null ? 0 : res.pixelStride();
        int exAct = expand == null ? Activation.NONE.code : expand.act().code;
        int prAct = project == null ? Activation.NONE.code : project.act().code, dwAct = d.act().code;
        return new Step(ops.get(i).name(), "en_separable_block", () -> NativeKernels.en_separable_block(pool, src,
                srcCap, in.n, in.h, in.w, in.c, inPs, ex, exCap, cmid, exAct, dw, dwb, d.k(), d.stride(), d.pad(),
                dwAct, pr, prCap, out.c, prAct, r, resCap, resPs, dst, dstCap, outPs), span);
    }

    /**
     * A dense pointwise convolution goes to en_pwconv_packed; groups, the interleaved (shuffled) input
     * or strided channel views go to en_pwconv_grouped_packed, which folds that addressing into the
     * GEMM. Weight and bias are packed here, once, into the kernels' panel layout (the unpacked
     * copies are freed right away).
     */
    private Step compilePointwise(Op.Pointwise p) {
        Value in = p.in(), out = p.out(), res = p.residual();
        int groups = p.groups(), cinG = in.c / groups, coutG = out.c / groups;
        FloatPointer w = packPointwise(p.name(), groups, cinG, coutG, p.weight(), p.bias());
        long wCap = w.capacity();
        FloatPointer src = at(in), dst = at(out);
        FloatPointer r = res == null ? null : at(res);
        long srcCap = cap(in), dstCap = cap(out), resCap = res == null ? 0 : cap(res);
        int resPs = res == null ? 0 : res.pixelStride();
        int inPs = in.pixelStride(), outPs = out.pixelStride(), act = p.act().code;
        if (p.isDense()) {
            return new Step(p.name(), "en_pwconv_packed", () -> NativeKernels.en_pwconv_packed(pool, src, srcCap,
                    in.pixels(), in.c, inPs, w, wCap, out.c, act, r, resCap, resPs, dst, dstCap, outPs));
        }
        int inGs = p.inGroupStride(), inCs = p.inChannelStride(), outGs = p.outGroupStride();
        int outCs = p.outChannelStride();
        return new Step(p.name(), "en_pwconv_grouped_packed", () -> NativeKernels.en_pwconv_grouped_packed(pool, src,
                srcCap, in.pixels(), groups, cinG, inPs, inGs, inCs, w, wCap, coutG, act, r, resCap, resPs, dst,
                dstCap, outPs, outGs, outCs));
    }

    /**
     * A fully connected layer is a 1x1 convolution over its n samples as pixels: it runs on the
     * packed pointwise kernels, whose one-pixel path streams the weight panels side by side (the
     * classifier's 4-5 MB of weights are the whole cost of the op at batch 1). The weight is
     * transposed once, from PyTorch's [cout][cin] to the [cin][cout] that packing reads.
     */
    private Step compileLinear(Op.Linear l) {
        Value in = l.in(), out = l.out();
        int cin = in.c, cout = out.c;
        float[] rows = l.weight(), columns = new float[rows.length];
        for (int o = 0; o < cout; o++) {
            for (int k = 0; k < cin; k++) {
                columns[k * cout + o] = rows[o * cin + k];
            }
        }
        FloatPointer w = packPointwise(l.name(), 1, cin, cout, columns, l.bias());
        long wCap = w.capacity();
        FloatPointer src = at(in), dst = at(out);
        long srcCap = cap(in), dstCap = cap(out);
        int act = l.act().code;
        return new Step(l.name(), "en_pwconv_packed", () -> NativeKernels.en_pwconv_packed(pool, src, srcCap, in.n,
                cin, cin, w, wCap, cout, act, null, 0, 0, dst, dstCap, cout));
    }

    /** Packs a (grouped) 1x1 weight [groups][cinG][coutG] and its bias into native memory this executor owns. */
    private FloatPointer packPointwise(String op, int groups, int cinG, int coutG, float[] weight, float[] bias) {
        long size = NativeKernels.en_pwconv_pack_size(groups, cinG, coutG);
        if (size <= 0) {
            throw new IllegalArgumentException("op '" + op + "': cannot pack a 1x1 weight of " + groups + " x "
                    + cinG + " x " + coutG);
        }
        NativeMemory packed = new NativeMemory(size);
        weights.add(packed);
        try (NativeMemory w = NativeMemory.of(weight); NativeMemory b = NativeMemory.of(bias)) {
            check(op, "en_pwconv_pack", NativeKernels.en_pwconv_pack(groups, cinG, coutG, w.base(), b.base(),
                    packed.base(), size));
        }
        return packed.base();
    }
}
