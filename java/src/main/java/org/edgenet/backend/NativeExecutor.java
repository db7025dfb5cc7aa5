package org.edgenet.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.bytedeco.javacpp.FloatPointer;
import org.edgenet.Tensor;
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

    /** A compiled op: the JNI call returns an EN_* code. */
    private record Step(String name, String kernel, IntSupplier call) {}

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
            for (Op op : graph.ops) {
                steps.add(compile(op));
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
    public float[] run(Tensor input) {
        long bad = NativeKernels.en_find_nonfinite(input.pointer(), input.size());
        if (bad >= 0) {
            throw Executor.nonFinite(bad, input.pointer().get(bad));
        }
        Value in = graph.input;
        long inOff = plan.offset(in);
        check("input", "en_nchw_to_nhwc", NativeKernels.en_nchw_to_nhwc(pool, input.pointer(), input.size(),
                in.n, in.c, in.h, in.w, arena.at(inOff), arena.floats - inOff));
        for (Step step : steps) {
            check(step.name, step.kernel, step.call.getAsInt());
        }
        float[] output = new float[Math.toIntExact(graph.output.size())];
        arena.at(plan.offset(graph.output)).get(output);
        return output;
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
            return new Step(op.name(), "en_dwconv", () -> NativeKernels.en_dwconv(pool, src, srcCap, in.n, in.h, in.w,
                    in.c, in.c, w, b, d.k(), d.stride(), d.pad(), d.act().code, dst, dstCap, out.c));
        }
        if (op instanceof Op.Pointwise p) {
            Value in = p.in(), out = p.out(), res = p.residual();
            FloatPointer src = at(in), dst = at(out), w = upload(p.weight()), b = upload(p.bias());
            FloatPointer r = res == null ? null : at(res);
            long srcCap = cap(in), dstCap = cap(out), resCap = res == null ? 0 : cap(res);
            int resPs = res == null ? 0 : res.c;
            return new Step(op.name(), "en_pwconv", () -> NativeKernels.en_pwconv(pool, src, srcCap, in.pixels(), in.c,
                    in.c, w, b, out.c, p.act().code, r, resCap, resPs, dst, dstCap, out.c));
        }
        if (op instanceof Op.GlobalAvgPool g) {
            Value in = g.in(), out = g.out();
            FloatPointer src = at(in), dst = at(out);
            long srcCap = cap(in), dstCap = cap(out);
            return new Step(op.name(), "en_global_avgpool", () -> NativeKernels.en_global_avgpool(pool, src, srcCap,
                    in.n, in.h, in.w, in.c, in.c, dst, dstCap));
        }
        if (op instanceof Op.Linear l) {
            Value in = l.in(), out = l.out();
            FloatPointer src = at(in), dst = at(out), w = upload(l.weight()), b = upload(l.bias());
            long srcCap = cap(in), dstCap = cap(out);
            return new Step(op.name(), "en_linear", () -> NativeKernels.en_linear(pool, src, srcCap, in.n, in.c, w, b,
                    out.c, l.act().code, dst, dstCap));
        }
        throw new IllegalArgumentException("the native backend has no kernel for " + op.getClass().getSimpleName());
    }
}
