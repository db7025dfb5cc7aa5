package org.edgenet.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.edgenet.Backend;
import org.edgenet.Net;
import org.edgenet.Nets;
import org.edgenet.Tensor;
import org.edgenet.graph.Graph;
import org.edgenet.graph.MemoryPlan;
import org.edgenet.graph.Op;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The native executor's fused depthwise-separable blocks (en_separable_block) give exactly the
 * bits of the same ops run one by one, on 1 and 2 threads, in networks with blocks of every form
 * (1x1 expand, depthwise, 1x1 project with and without residual; depthwise then 1x1; 1x1 expand
 * then depthwise before a squeeze-and-excitation), and fuse only where the depthwise output has
 * {@link SeparableBlocks#MIN_ROWS} rows or more and the 1x1 weights are at most
 * {@link SeparableBlocks#MAX_WEIGHTS}; planned as steps, the blocks' middle tensors take no memory.
 */
class SeparableBlockFusionTest {

    @ParameterizedTest
    @CsvSource({"mobilenet_v2, 1", "mobilenet_v2, 2", "mobilenet_v1, 2", "mnasnet1_0, 2", "mobilenet_v3_large, 2",
        "efficientnet_b0, 2"})
    void fusedBlocksGiveTheBitsOfTheSeparateOps(String arch, int threads) {
        Graph graph;
        try (Net net = Nets.byName(arch).randomWeights(3).backend(Backend.JAVA).build()) {
            graph = net.graph();
        }
        int[] steps = SeparableBlocks.steps(graph);
        MemoryPlan alone = MemoryPlan.of(graph), fusedPlan = MemoryPlan.of(graph, steps);
        float[] image = new float[3 * 224 * 224];
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) (random.nextDouble() * 4 - 2);
        }
        try (Tensor input = Tensor.of(image, 1, 3, 224, 224);
             NativeExecutor fused = new NativeExecutor(graph, fusedPlan, threads);
             NativeExecutor separate = new NativeExecutor(graph, alone, threads)) {
            int blocks = 0;
            for (int i = 0; i < graph.ops.size(); i++) {
                assertEquals(1, separate.opsInStep(i));
                int span = fused.opsInStep(i);
                if (span > 1) {
                    blocks++;
                    boolean expands = graph.ops.get(i) instanceof Op.Pointwise;
                    Op.Depthwise dw = (Op.Depthwise) graph.ops.get(expands ? i + 1 : i);
                    assertTrue(dw.out().h >= SeparableBlocks.MIN_ROWS, dw.name() + " fused at " + dw.out().h + " rows");
                    long weights = 0;
                    for (int j = 0; j < span; j++) {
                        weights += graph.ops.get(i + j) instanceof Op.Pointwise p ? p.weight().length : 0;
                    }
                    assertTrue(weights <= SeparableBlocks.MAX_WEIGHTS, dw.name() + " fused with " + weights + " weights");
                    for (int j = 1; j < span; j++) {
                        assertEquals(0, fused.opsInStep(i + j));
                    }
                }
            }
            assertTrue(blocks > 0, arch + ": no block fused");
            // The middle tensors need no memory: the fused plan is never larger (see MemoryPlanTest).
            assertTrue(fusedPlan.peakBytes() <= alone.peakBytes(), fusedPlan.peakBytes() + " vs " + alone.peakBytes());
            float[] want = separate.run(input);
            assertArrayEquals(want, fused.run(input), arch + " on " + threads + " threads");
            assertArrayEquals(want, fused.run(input), arch + ": second run (scratch reused)");
        }
    }

    /** A plan that fuses ops the native backend cannot run as one step is refused, naming them. */
    @org.junit.jupiter.api.Test
    void aPlanFusingOtherOpsIsRefused() {
        Graph graph;
        try (Net net = Nets.byName("mobilenet_v2").inputSize(64).randomWeights(3).backend(Backend.JAVA).build()) {
            graph = net.graph();
        }
        int[] steps = new int[graph.ops.size()];
        java.util.Arrays.fill(steps, 1);
        steps[0] = 2;  // the stem and the first depthwise
        steps[1] = 0;
        MemoryPlan plan = MemoryPlan.of(graph, steps);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new NativeExecutor(graph, plan, 1).close());
        assertTrue(e.getMessage().contains("ops 0..1"), e.getMessage());
    }
}
