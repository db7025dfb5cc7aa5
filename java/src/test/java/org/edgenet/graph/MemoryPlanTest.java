package org.edgenet.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.edgenet.arch.Architectures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MemoryPlanTest {

    /**
     * Buffers whose lifetimes overlap must not overlap in the arena; every buffer fits inside it.
     * Views live in their base buffer, which a view keeps alive.
     */
    @ParameterizedTest
    @ValueSource(strings = {"mobilenet_v2_x0_35", "mobilenet_v2", "mobilenet_v2_x1_4"})
    void liveValuesNeverShareMemory(String arch) {
        Graph g = Architectures.byName(arch).build(1, 224, 224, 1000, new RandomParameters(0));
        MemoryPlan plan = MemoryPlan.of(g);
        int n = g.values.size();
        int[] first = new int[n], last = new int[n];
        java.util.Arrays.fill(first, Integer.MAX_VALUE);
        first[g.input.id] = -1;
        for (int i = 0; i < g.ops.size(); i++) {
            Op op = g.ops.get(i);
            Value out = op.output().base;
            first[out.id] = Math.min(first[out.id], i);
            last[out.id] = Math.max(last[out.id], i);
            for (Value v : op.inputs()) {
                last[v.base.id] = Math.max(last[v.base.id], i);
            }
        }
        last[g.output.base.id] = g.ops.size();
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
                if (bothLive && overlap) {
                    fail(a + " and " + b + " are alive together but share arena memory");
                }
            }
        }
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
}
