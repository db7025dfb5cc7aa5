package org.edgenet.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.edgenet.arch.Architectures;
import org.edgenet.backend.SeparableBlocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MemoryPlanTest {

    /**
     * Buffers whose lifetimes overlap must not overlap in the arena, except the input and output
     * of an op that writes over its input, which share exactly; every buffer fits inside the arena.
     * Views live in their base buffer, which a view keeps alive.
     */
    @ParameterizedTest
    @ValueSource(strings = {"mobilenet_v2_x0_35", "mobilenet_v2", "mobilenet_v2_x1_4", "mobilenet_v1_x0_25",
        "mobilenet_v1", "mobilenet_v3_large", "mobilenet_v3_small_x0_75", "mnasnet0_5", "mnasnet1_3", "efficientnet_b0"})
    void liveValuesNeverShareMemory(String arch) {
        Graph g = Architectures.byName(arch).build(1, 224, 224, 1000, new RandomParameters(0));
        MemoryPlan plan = MemoryPlan.of(g);
        int[] time = java.util.stream.IntStream.range(0, g.ops.size()).toArray();
        int[][] life = lifetimes(g, time);
        int[] first = life[0], last = life[1];
        Set<List<Integer>> inPlace = inPlacePairs(g, time, last);
        for (Value a : g.values) {
            if (a.isView()) {
                assertEquals(plan.offset(a.base) + a.channelOffset, plan.offset(a), a + " is not inside its base");
                continue;
            }
            long offA = plan.offset(a);
            assertEquals(0, offA % MemoryPlan.ALIGN_FLOATS, a + " is not 64-byte aligned");
            assertTrue(offA + a.size() <= plan.arenaFloats(), a + " does not fit in the arena");
            for (Value b : g.values) {
                if (a.id >= b.id || b.isView()) {
                    continue;
                }
                boolean bothLive = first[a.id] <= last[b.id] && first[b.id] <= last[a.id];
                long offB = plan.offset(b);
                boolean overlap = offA < offB + b.size() && offB < offA + a.size();
                if (bothLive && overlap && !(inPlace.contains(List.of(a.id, b.id)) && offA == offB)) {
                    fail(a + " and " + b + " are alive together but share arena memory");
                }
            }
        }
    }

    /**
     * Squeeze-and-excite scales its input in place: in both plans, every SE's output takes its
     * input's buffer (nothing else reads an SE's input in these networks).
     */
    @ParameterizedTest
    @ValueSource(strings = {"efficientnet_b0", "mobilenet_v3_large", "mobilenet_v3_small", "ghostnet_100"})
    void squeezeExciteWritesOverItsInput(String arch) {
        Graph g = Architectures.byName(arch).build(1, 224, 224, 1000, new RandomParameters(0));
        for (MemoryPlan plan : List.of(MemoryPlan.of(g), MemoryPlan.of(g, SeparableBlocks.steps(g)))) {
            int se = 0;
            for (Op op : g.ops) {
                if (op instanceof Op.SqueezeExcite e) {
                    se++;
                    assertEquals(plan.offset(e.in()), plan.offset(e.out()), e.name() + " does not scale in place");
                }
            }
            assertTrue(se > 0, arch + ": no squeeze-and-excite");
            assertTrue(plan.peakBytes() >= plan.liveLowerBoundBytes());
        }
    }

    /**
     * An op may write over its input only when nothing reads that input afterwards: here the SE
     * input is read again by an add (a residual), so the SE output gets a buffer of its own; the
     * graph input, which the caller writes, is never written over either.
     */
    @Test
    void inputsReadLaterAreNotWrittenOver() {
        GraphBuilder b = new GraphBuilder();
        Value in = b.input(1, 4, 4, 8);
        Value x = b.value("x", 1, 4, 4, 8);
        b.add(new Op.ChannelCopy("copy", in, x));
        Value scaled = scaled(b, x);
        Value sum = b.value("sum", 1, 4, 4, 8);
        b.add(new Op.Add("add", x, scaled, sum, Activation.NONE));
        Value onInput = b.value("on_input", 1, 4, 4, 8);
        b.add(squeezeExcite("se_on_input", in, onInput));
        Value out = b.value("out", 1, 4, 4, 8);
        b.add(new Op.Add("add2", sum, onInput, out, Activation.NONE));
        MemoryPlan plan = MemoryPlan.of(b.build(out));
        assertTrue(plan.offset(x) != plan.offset(scaled), "the SE wrote over an input the add reads later");
        assertTrue(plan.offset(in) != plan.offset(onInput), "the SE wrote over the graph input");

        // Without the add, the same SE writes over x.
        GraphBuilder alone = new GraphBuilder();
        Value in2 = alone.input(1, 4, 4, 8);
        Value x2 = alone.value("x", 1, 4, 4, 8);
        alone.add(new Op.ChannelCopy("copy", in2, x2));
        Value scaled2 = scaled(alone, x2);
        MemoryPlan shared = MemoryPlan.of(alone.build(scaled2));
        assertEquals(shared.offset(x2), shared.offset(scaled2), "an SE input read by nothing else is not written over");
    }

    /** Reuse must pay: the arena is far below one buffer per value, and never below the live peak. */
    @Test
    void arenaIsSmallerThanOneBufferPerValue() {
        Graph g = Architectures.byName("mobilenet_v2").build(1, 224, 224, 1000, new RandomParameters(0));
        MemoryPlan plan = MemoryPlan.of(g);
        assertTrue(plan.peakBytes() >= plan.liveLowerBoundBytes());
        assertTrue(plan.peakBytes() * 4 < plan.naiveBytes(),
                "peak " + plan.peakBytes() + " vs naive " + plan.naiveBytes());
        // The largest step of MobileNetV2 at 224: the 112x112x96 expand output and the 56x56x96
        // depthwise output it feeds are alive together, next to the 112x112x16 block input.
        long expand = 112L * 112 * 96 * 4;
        assertTrue(plan.peakBytes() >= expand, "peak below the largest single activation");
    }

    /**
     * Planned with fused steps (the native backend's separable blocks): a value written and read
     * only inside one step has no memory; every other value is alive from its writer's step to its
     * last reader's step, and no two values alive in a common step overlap (but for an in-place
     * op's input and output), so a fused block's input and output never share memory.
     */
    @ParameterizedTest
    @ValueSource(strings = {"mobilenet_v2", "mobilenet_v1", "mobilenet_v3_large", "efficientnet_b0", "mnasnet1_0"})
    void fusedStepsKeepTheirInputsAndDropTheirMiddles(String arch) {
        Graph g = Architectures.byName(arch).build(1, 224, 224, 1000, new RandomParameters(0));
        int[] steps = SeparableBlocks.steps(g);
        MemoryPlan plan = MemoryPlan.of(g, steps);
        int[] stepOf = new int[g.ops.size()];
        int fused = 0;
        for (int i = 0, s = 0; i < g.ops.size(); i++) {
            if (steps[i] > 0) {
                s = i;
                fused += steps[i] > 1 ? 1 : 0;
            }
            stepOf[i] = s;
            assertEquals(steps[i], plan.opsInStep(i));
        }
        assertTrue(fused > 0, arch + ": no fused step");
        int[][] life = lifetimes(g, stepOf);
        int[] first = life[0], last = life[1];
        Set<List<Integer>> inPlace = inPlacePairs(g, stepOf, last);
        int dropped = 0;
        for (Value a : g.values) {
            if (a.isView() || first[a.id] == Integer.MAX_VALUE) {
                continue;
            }
            boolean inside = first[a.id] == last[a.id] && first[a.id] >= 0 && steps[first[a.id]] > 1;
            if (inside) {
                dropped++;
                assertThrows(IllegalArgumentException.class, () -> plan.offset(a), a + " has memory");
                continue;
            }
            long offA = plan.offset(a);
            for (Value b : g.values) {
                if (a.id >= b.id || b.isView() || first[b.id] == Integer.MAX_VALUE
                        || first[b.id] == last[b.id] && first[b.id] >= 0 && steps[first[b.id]] > 1) {
                    continue;
                }
                boolean bothLive = first[a.id] <= last[b.id] && first[b.id] <= last[a.id];
                long offB = plan.offset(b);
                boolean overlap = offA < offB + b.size() && offB < offA + a.size();
                if (bothLive && overlap && !(inPlace.contains(List.of(a.id, b.id)) && offA == offB)) {
                    fail(a + " and " + b + " are alive in a common step but share arena memory");
                }
            }
        }
        assertTrue(dropped > 0, arch + ": no middle tensor dropped");
        // Never larger; smaller where the peak was a block's middle tensor (MobileNetV1's is its
        // first layer's input and output, which stay).
        long alone = MemoryPlan.of(g).peakBytes();
        assertTrue(arch.equals("mobilenet_v1") ? plan.peakBytes() <= alone : plan.peakBytes() < alone,
                arch + ": fused plan " + plan.peakBytes() + " vs " + alone);
    }

    /** Step sizes must cover the ops exactly once. */
    @Test
    void malformedStepsAreRefused() {
        Graph g = Architectures.byName("mobilenet_v2").build(1, 64, 64, 10, new RandomParameters(0));
        int n = g.ops.size();
        int[] tooLong = new int[n];
        java.util.Arrays.fill(tooLong, 1);
        tooLong[n - 1] = 2;
        assertThrows(IllegalArgumentException.class, () -> MemoryPlan.of(g, tooLong));
        int[] overlapping = new int[n];
        java.util.Arrays.fill(overlapping, 1);
        overlapping[0] = 2;
        assertThrows(IllegalArgumentException.class, () -> MemoryPlan.of(g, overlapping));
        assertThrows(IllegalArgumentException.class, () -> MemoryPlan.of(g, new int[n + 1]));
        int[] zero = new int[n];
        assertThrows(IllegalArgumentException.class, () -> MemoryPlan.of(g, zero));
    }

    /** A value "scaled": x through an SE. */
    private static Value scaled(GraphBuilder b, Value x) {
        Value out = b.value("scaled", x.n, x.h, x.w, x.c);
        b.add(squeezeExcite("se", x, out));
        return out;
    }

    /** An SE over c channels with a hidden layer of 2 and zero weights. */
    private static Op.SqueezeExcite squeezeExcite(String name, Value in, Value out) {
        int c = in.c, mid = 2;
        return new Op.SqueezeExcite(name, in, out, mid, Activation.RELU, Activation.SIGMOID, new float[mid * c],
                new float[mid], new float[mid * c], new float[c]);
    }

    /**
     * {input base id, output base id} of each op that may write over its input, at a time after
     * which nothing reads that input (those two may share memory).
     */
    private static Set<List<Integer>> inPlacePairs(Graph g, int[] time, int[] last) {
        Set<List<Integer>> pairs = new HashSet<>();
        for (int i = 0; i < g.ops.size(); i++) {
            Op op = g.ops.get(i);
            Value in = op.inputs().get(0).base, out = op.output().base;
            if (op.writesOverInput() && last[in.id] == time[i]) {
                pairs.add(List.of(Math.min(in.id, out.id), Math.max(in.id, out.id)));
            }
        }
        return pairs;
    }

    /**
     * {first, last}: for each base value, the time its first writer runs and the time its last
     * reader does (MAX_VALUE, -1 when unused); op i runs at time[i], the input is written at -1 and
     * the output read after the last op.
     */
    private static int[][] lifetimes(Graph g, int[] time) {
        int n = g.values.size();
        int[] first = new int[n], last = new int[n];
        java.util.Arrays.fill(first, Integer.MAX_VALUE);
        java.util.Arrays.fill(last, -1);
        first[g.input.id] = -1;
        for (int i = 0; i < g.ops.size(); i++) {
            Op op = g.ops.get(i);
            Value out = op.output().base;
            first[out.id] = Math.min(first[out.id], time[i]);
            last[out.id] = Math.max(last[out.id], time[i]);
            for (Value v : op.inputs()) {
                last[v.base.id] = Math.max(last[v.base.id], time[i]);
            }
        }
        last[g.output.base.id] = g.ops.size();
        return new int[][] {first, last};
    }
}
