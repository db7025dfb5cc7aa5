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
        try (Net net = Nets.shuffleNetV2(0.5).inputSize(64).randomWeights(2).backend(backend).build();
             Tensor input = Tensor.of(new float[3 * 64 * 64], 1, 3, 64, 64)) {
            float[] before = net.run(input);
            List<OpProfile> steps = net.profile(input, 3);
            List<Op> ops = net.graph().ops;
            assertEquals(ops.size() + 1, steps.size());
            assertEquals("input", steps.get(0).op());
            for (int i = 0; i < ops.size(); i++) {
                OpProfile p = steps.get(i + 1);
                assertEquals(ops.get(i).name(), p.op());
                assertEquals(ops.get(i).macs(), p.macs());
                assertEquals(ops.get(i).getClass().getSimpleName(), p.kind());
            }
            assertTrue(steps.stream().allMatch(p -> p.medianMicros() >= 0), "negative time");
            assertTrue(steps.stream().mapToDouble(OpProfile::medianMicros).sum() > 0, "no time measured");
            assertArrayEquals(before, net.run(input));
            assertThrows(IllegalArgumentException.class, () -> net.profile(input, 0));
        }
    }
}
