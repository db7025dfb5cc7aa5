package org.edgenet.arch;

import java.util.stream.Stream;
import org.edgenet.Backend;
import org.edgenet.testing.ParityGoldens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * torchvision's ShuffleNetV2 with seeded random weights, loaded from the .pth through the public
 * API: every width, on both backends.
 */
class ShuffleNetV2ParityTest {
    /** ARCH:HxW:SEED; one 224x224 case, the rest small, odd or non-square to keep CI short. */
    private static final String[] CASES = {
        "shufflenet_v2_x1_0:224x224:0",
        "shufflenet_v2_x0_5:96x96:1",
        "shufflenet_v2_x1_5:113x150:2",
        "shufflenet_v2_x2_0:65x65:3",
    };

    private static ParityGoldens goldens;

    @BeforeAll
    static void generate() throws Exception {
        goldens = ParityGoldens.generate("shufflenet_v2", CASES);
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
    void matchesTorchvision(String spec, Backend backend) throws Exception {
        goldens.assertMatches(spec, backend, 1);
    }

    /** Two threads split every layer, strided-view writers and the passthrough copy included. */
    @ParameterizedTest(name = "{0} threads")
    @MethodSource("backends")
    void twoThreadsMatch(Backend backend) throws Exception {
        goldens.assertThreadsAgree(CASES[1], backend);
    }

    @ParameterizedTest(name = "isa {0}")
    @MethodSource("isas")
    void everyIsaMatches(int isa) throws Exception {
        goldens.assertMatchesOnIsa(CASES[3], isa);
    }
}
