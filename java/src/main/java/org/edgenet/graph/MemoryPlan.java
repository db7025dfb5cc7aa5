package org.edgenet.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Places every value of a graph in one arena so that values alive at the same time never overlap
 * and dead ones are reused: greedy by size (largest first), lowest free offset. An edge board has
 * little RAM, so the arena size is what {@link #peakBytes()} reports.
 *
 * <p>A backend may run consecutive ops as one fused step ({@link #of(Graph, int[])}): lifetimes
 * are then counted in steps, so a step's inputs stay alive while it writes its output, and a
 * value written and read only inside one step (a fused block's middle tensors) gets no memory.
 *
 * <p>An op that {@link Op#writesOverInput() may write over its input}, run as a step of its own,
 * gets its input's buffer for its output when nothing reads the input after it: the output then
 * lands on the cache lines the input's writer has just left in each core's cache. Written into a
 * buffer of its own instead, whose lines the other core last wrote, EfficientNet-B0's
 * squeeze-and-excitation scaling took 2-5x as long on two threads.
 */
public final class MemoryPlan {
    /** Offsets are multiples of 16 floats (64 bytes, a cache line and an AVX-512 register). */
    public static final int ALIGN_FLOATS = 16;

    private final long[] offsets;
    private final int[] opsInStep;
    private final long arenaFloats;
    private final long naiveFloats;
    private final long liveLowerBoundFloats;

    private MemoryPlan(long[] offsets, int[] opsInStep, long arenaFloats, long naiveFloats,
                       long liveLowerBoundFloats) {
        this.offsets = offsets;
        this.opsInStep = opsInStep;
        this.arenaFloats = arenaFloats;
        this.naiveFloats = naiveFloats;
        this.liveLowerBoundFloats = liveLowerBoundFloats;
    }

    /** Every op a step of its own. */
    public static MemoryPlan of(Graph graph) {
        int[] alone = new int[graph.ops.size()];
        Arrays.fill(alone, 1);
        return of(graph, alone);
    }

    /**
     * opsInStep[i]: how many ops run as the step that starts at op i (1 alone, k for the first op
     * of a fused step, 0 for the ops it absorbs); every op belongs to exactly one step.
     */
    public static MemoryPlan of(Graph graph, int[] opsInStep) {
        int[] step = stepOfOps(graph, opsInStep);
        int count = graph.values.size();
        int[] first = new int[count];
        int[] last = new int[count];
        Arrays.fill(first, Integer.MAX_VALUE);
        Arrays.fill(last, -1);
        // Lifetimes belong to base values: a view keeps its whole buffer alive.
        first[graph.input.id] = -1;  // written before op 0
        last[graph.input.id] = -1;
        for (int i = 0; i < graph.ops.size(); i++) {
            Op op = graph.ops.get(i);
            int out = op.output().base.id;
            first[out] = Math.min(first[out], step[i]);
            last[out] = Math.max(last[out], step[i]);
            for (Value v : op.inputs()) {
                last[v.base.id] = Math.max(last[v.base.id], step[i]);
            }
        }
        last[graph.output.base.id] = graph.ops.size();  // read by the caller after the last op
        // Written and read within one fused step: never in memory.
        for (int i = 0; i < graph.ops.size(); i++) {
            int out = graph.ops.get(i).output().base.id;
            if (opsInStep[step[i]] > 1 && first[out] == step[i] && last[out] == step[i]) {
                first[out] = Integer.MAX_VALUE;
            }
        }

        int[] sharesWith = shareInPlace(graph, opsInStep, step, first, last);

        List<Value> placed = new ArrayList<>();
        long naive = 0;
        for (Value v : graph.values) {
            if (first[v.id] != Integer.MAX_VALUE) {
                placed.add(v);
                naive += aligned(v.size());
            }
        }
        // Greedy placement in a few orders, keeping the smallest arena (the first on a tie): largest
        // first suits most plans, but a buffer whose lifetime an in-place op extended can leave a
        // gap that a longest-lived-first or earliest-first order fills.
        List<Comparator<Value>> orders = List.of(
                Comparator.comparingLong((Value v) -> -aligned(v.size())).thenComparingInt(v -> first[v.id]),
                Comparator.comparingInt((Value v) -> first[v.id] - last[v.id]).thenComparingLong(v -> -aligned(v.size())),
                Comparator.comparingInt((Value v) -> first[v.id]).thenComparingLong(v -> -aligned(v.size())));
        long[] offsets = null;
        long arena = Long.MAX_VALUE;
        for (Comparator<Value> order : orders) {
            placed.sort(order);
            long[] tried = new long[count];
            Arrays.fill(tried, -1);
            long size = place(placed, first, last, tried);
            if (size < arena) {
                arena = size;
                offsets = tried;
            }
        }
        for (Value v : graph.values) {
            if (sharesWith[v.id] >= 0) {
                offsets[v.id] = offsets[sharesWith[v.id]];
                naive += aligned(v.size());
            }
        }

        long lowerBound = 0;
        for (int t = -1; t <= graph.ops.size(); t++) {
            long live = 0;
            for (Value v : placed) {
                if (first[v.id] <= t && t <= last[v.id]) {
                    live += aligned(v.size());
                }
            }
            lowerBound = Math.max(lowerBound, live);
        }
        return new MemoryPlan(offsets, opsInStep.clone(), arena, naive, lowerBound);
    }

    /**
     * Places the values in the given order, each at the lowest offset where it overlaps no value
     * already placed that is alive at the same time; fills offsets and returns the arena size.
     */
    private static long place(List<Value> order, int[] first, int[] last, long[] offsets) {
        List<Value> placed = new ArrayList<>();
        long arena = 0;
        for (Value v : order) {
            long size = aligned(v.size());
            List<Value> conflicts = new ArrayList<>();
            for (Value p : placed) {
                if (first[p.id] <= last[v.id] && first[v.id] <= last[p.id]) {
                    conflicts.add(p);
                }
            }
            conflicts.sort(Comparator.comparingLong(p -> offsets[p.id]));
            long offset = 0;
            for (Value p : conflicts) {
                if (offsets[p.id] >= offset + size) {
                    break;
                }
                offset = Math.max(offset, offsets[p.id] + aligned(p.size()));
            }
            offsets[v.id] = offset;
            placed.add(v);
            arena = Math.max(arena, offset + size);
        }
        return arena;
    }

    /**
     * For each base value, the base whose buffer it shares ({@code -1}: its own): the output's base
     * of an op that may write over its input, run alone, when input and output start at channel 0
     * of bases of the same pixel stride (so every element keeps its offset), nothing reads the
     * input's base after that step, and no other op writes the output's base. Extends the shared
     * buffer's lifetime to the output's and marks the output as not placed on its own.
     */
    private static int[] shareInPlace(Graph graph, int[] opsInStep, int[] step, int[] first, int[] last) {
        int[] writers = new int[graph.values.size()];
        for (Op op : graph.ops) {
            writers[op.output().base.id]++;
        }
        int[] sharesWith = new int[graph.values.size()];
        Arrays.fill(sharesWith, -1);
        for (int i = 0; i < graph.ops.size(); i++) {
            Op op = graph.ops.get(i);
            if (!op.writesOverInput() || opsInStep[step[i]] != 1) {
                continue;
            }
            Value in = op.inputs().get(0), out = op.output();
            Value inBase = in.base, outBase = out.base;
            if (in.channelOffset != 0 || out.channelOffset != 0 || in.pixelStride() != out.pixelStride()
                    || inBase == graph.input.base || writers[outBase.id] != 1 || last[inBase.id] != step[i]) {
                continue;
            }
            int shared = sharesWith[inBase.id] >= 0 ? sharesWith[inBase.id] : inBase.id;
            sharesWith[outBase.id] = shared;
            last[shared] = Math.max(last[shared], last[outBase.id]);
            first[outBase.id] = Integer.MAX_VALUE;
        }
        return sharesWith;
    }

    /** The first op of each op's step; checks that the steps cover the ops exactly once. */
    private static int[] stepOfOps(Graph graph, int[] opsInStep) {
        int n = graph.ops.size();
        if (opsInStep.length != n) {
            throw new IllegalArgumentException(opsInStep.length + " step sizes for " + n + " ops");
        }
        int[] step = new int[n];
        for (int i = 0; i < n; ) {
            int span = opsInStep[i];
            if (span < 1 || i + span > n) {
                throw new IllegalArgumentException("op " + i + " starts a step of " + span + " ops");
            }
            for (int j = i; j < i + span; j++) {
                if (j > i && opsInStep[j] != 0) {
                    throw new IllegalArgumentException("op " + j + " is inside the step of op " + i);
                }
                step[j] = i;
            }
            i += span;
        }
        return step;
    }

    /** How many ops run as the step that starts at op i; 0 for an op inside another's step. */
    public int opsInStep(int i) {
        return opsInStep[i];
    }

    /** Offset in the arena, in floats, of a value's first channel of its first pixel. */
    public long offset(Value v) {
        long off = offsets[v.base.id];
        if (off < 0) {
            throw new IllegalArgumentException(v + " is not used by the graph, or only inside a fused step");
        }
        return off + v.channelOffset;
    }

    /** Arena size in floats. */
    public long arenaFloats() {
        return arenaFloats;
    }

    /** Peak activation memory: the arena, in bytes. */
    public long peakBytes() {
        return arenaFloats * Float.BYTES;
    }

    /** What one buffer per value would take, in bytes. */
    public long naiveBytes() {
        return naiveFloats * Float.BYTES;
    }

    /** The most bytes alive at any one step: no placement can do better than this. */
    public long liveLowerBoundBytes() {
        return liveLowerBoundFloats * Float.BYTES;
    }

    static long aligned(long floats) {
        return (floats + ALIGN_FLOATS - 1) / ALIGN_FLOATS * ALIGN_FLOATS;
    }
}
