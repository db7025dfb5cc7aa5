package org.edgenet.arch;

import java.util.stream.Stream;
import org.edgenet.Backend;
import org.edgenet.testing.ParityGoldens;
import org.edgenet.testing.Python;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * models/shufflenet_v1.py (the paper's network with Megvii's keys and channel shuffle) with seeded
 * random weights, loaded from the .pth through the public API: every group count and every width
 * at least once, on both backends.
 */
class ShuffleNetV1ParityTest {
    /** ARCH:HxW:SEED; one 224x224 case, the rest small, odd or non-square to keep CI short. */
    private static final String[] CASES = {
        "shufflenet_v1_g3:224x224:0",
        "shufflenet_v1_g1_x0_5:96x96:1",
        "shufflenet_v1_g2_x1_5:113x150:2",
        "shufflenet_v1_g4_x2_0:64x64:3",
        "shufflenet_v1_g8_x0_5:97x97:4",
        "shufflenet_v1_g8_x1_0:33x47:5",
    };

    private static ParityGoldens goldens;

    @BeforeAll
    static void generate() throws Exception {
        goldens = ParityGoldens.generate("shufflenet_v1", CASES);
    }

    static Stream<Arguments> cases() {
        return ParityGoldens.onEveryBackend(CASES);
    }

    static Stream<Backend> backends() {
        return Stream.of(Backend.values());
    }

    static Stream<Integer> isas() {
        return ParityGoldens.supportedIsas();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void matchesPyTorch(String spec, Backend backend) throws Exception {
        goldens.assertMatches(spec, backend, 1);
    }

    /** Two threads split every layer, grouped and interleaved 1x1s included. */
    @ParameterizedTest(name = "{0} threads")
    @MethodSource("backends")
    void twoThreadsMatch(Backend backend) throws Exception {
        goldens.assertThreadsAgree(CASES[4], backend);
    }

    @ParameterizedTest(name = "isa {0}")
    @MethodSource("isas")
    void everyIsaMatches(int isa) throws Exception {
        goldens.assertMatchesOnIsa(CASES[2], isa);
    }

    /**
     * The reference's own checks: Megvii's reshape/permute shuffle followed by a g-group 1x1 equals
     * a g-group 1x1 reading channels gi, gi + g, ... (our interleavedInput), and the channel rule
     * gives Megvii's g=3 and g=8 tables; every variant runs at 224x224.
     */
    @Test
    void referenceSelfChecks() throws Exception {
        Python.run("shufflenet_v1.py");
    }
}
