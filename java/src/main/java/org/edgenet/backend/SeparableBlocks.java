package org.edgenet.backend;

import java.util.List;
import org.edgenet.graph.Graph;
import org.edgenet.graph.Op;
import org.edgenet.graph.Value;

/**
 * Which depthwise-separable blocks the native backend runs as one step (en_separable_block):
 * [1x1 expand,] depthwise[, 1x1 project], band by band of output rows, the middle tensors (up to
 * 6x the block's channels) in per-thread scratch instead of memory, each thread on its own rows
 * from the block's input to its output. Without the project where a squeeze-and-excitation reads
 * the depthwise output (it needs all of it). The memory plan made from {@link #steps} gives the
 * middle tensors no memory and keeps a block's input alive while the block writes its output.
 */
public final class SeparableBlocks {
    /**
     * Blocks are fused where the depthwise output has at least this many rows: there the middle
     * tensors outgrow the L2 (56x56x144 is 1.8 MB). At 7x7 they fit, and the separate kernels split
     * the weight-heavy 1x1 layers by output channels, which a block's row bands cannot.
     */
    static final int MIN_ROWS = 14;

    /**
     * ... and where their 1x1 weights are at most this many floats (256 KB): every band of rows reads
     * them again, from L2 while they fit next to the band. MobileNetV1's 512 -> 512 layer (1 MB)
     * ran 6 % slower fused on one thread.
     */
    static final int MAX_WEIGHTS = 64 * 1024;

    private SeparableBlocks() {}

    /** For each op, how many ops run as the step it starts (see {@link org.edgenet.graph.MemoryPlan#of(Graph, int[])}). */
    public static int[] steps(Graph graph) {
        List<Op> ops = graph.ops;
        int[] steps = new int[ops.size()];
        for (int i = 0; i < ops.size(); i += steps[i]) {
            steps[i] = Math.max(1, blockAt(graph, i));
        }
        return steps;
    }

    /** The number of ops in the block that starts at op i, or 0 if none does. */
    static int blockAt(Graph graph, int i) {
        List<Op> ops = graph.ops;
        if (i + 1 < ops.size() && ops.get(i) instanceof Op.Pointwise e && ops.get(i + 1) instanceof Op.Depthwise d
                && e.isDense() && e.residual() == null && e.out() == d.in() && onlyReader(graph, e.out(), d)) {
            if (i + 2 < ops.size() && ops.get(i + 2) instanceof Op.Pointwise p && fuses(graph, e, d, p)) {
                return 3;
            }
            return fuses(graph, e, d, null) ? 2 : 0;
        }
        if (i + 1 < ops.size() && ops.get(i) instanceof Op.Depthwise d && ops.get(i + 1) instanceof Op.Pointwise p
                && fuses(graph, null, d, p)) {
            return 2;
        }
        return 0;
    }

    private static boolean fuses(Graph graph, Op.Pointwise expand, Op.Depthwise d, Op.Pointwise project) {
        if (project != null && (!project.isDense() || project.in() != d.out() || !onlyReader(graph, d.out(), project))) {
            return false;
        }
        long weights = (expand != null ? expand.weight().length : 0) + (project != null ? project.weight().length : 0);
        return d.out().h >= MIN_ROWS && weights <= MAX_WEIGHTS;
    }

    /** Whether {@code reader} is the only op that reads any channel of v's buffer, and v is not the graph's output. */
    private static boolean onlyReader(Graph graph, Value v, Op reader) {
        if (v.base == graph.output.base) {
            return false;
        }
        for (Op op : graph.ops) {
            if (op != reader && op.inputs().stream().anyMatch(x -> x.base == v.base)) {
                return false;
            }
        }
        return true;
    }
}
