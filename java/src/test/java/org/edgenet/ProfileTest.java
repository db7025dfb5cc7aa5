package org.edgenet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.edgenet.graph.Op;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link Net#profile}: one entry per step in execution order, and profiling changes no result. */
class ProfileTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void profileListsEveryStepAndLeavesResultsAlone(Backend backend) {
        // 112x112 MobileNetV2: blocks the native backend fuses (56x56 and 28x28) and ones it runs op by op.
        try (Net net = Nets.mobileNetV2(1.0).inputSize(112).randomWeights(2).backend(backend).build();
             Tensor input = Tensor.of(new float[3 * 112 * 112], 1, 3, 112, 112)) {
            float[] before = net.run(input);
            List<OpProfile> steps = net.profile(input, 3);
            List<Op> ops = net.graph().ops;
            assertEquals("input", steps.get(0).op());
            // Each step names its first op; a fused step lists its ops' kinds joined by '+'.
            int op = 0, fused = 0;
            for (OpProfile p : steps.subList(1, steps.size())) {
                String[] kinds = p.kind().split("\\+");
                assertEquals(ops.get(op).name(), p.op());
                long macs = 0;
                for (String kind : kinds) {
                    assertEquals(ops.get(op).getClass().getSimpleName(), kind);
                    macs += ops.get(op++).macs();
                }
                assertEquals(macs, p.macs());
                fused += kinds.length > 1 ? 1 : 0;
            }
            assertEquals(ops.size(), op, "every op in one step");
            assertEquals(backend == Backend.NATIVE, fused > 0, "fused steps");
            assertTrue(steps.stream().allMatch(p -> p.medianMicros() >= 0), "negative time");
            assertTrue(steps.stream().mapToDouble(OpProfile::medianMicros).sum() > 0, "no time measured");
            assertArrayEquals(before, net.run(input));
            assertThrows(IllegalArgumentException.class, () -> net.profile(input, 0));
        }
    }
}
