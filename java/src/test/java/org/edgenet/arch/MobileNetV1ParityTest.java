package org.edgenet.arch;

import java.util.stream.Stream;
import org.edgenet.Backend;
import org.edgenet.testing.ParityGoldens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MobileNetV1 (models/mobilenet_v1.py, our definition from the paper) with seeded random weights
 * (BatchNorm statistics randomised too), loaded from the .pth through the public API, on both
 * backends, every width, several input sizes.
 */
class MobileNetV1ParityTest {
    /**
     * ARCH:HxW:SEED for models/make_parity.py; every width once, odd and
     * non-square sizes exercise padding and stride-2 edges.
     */
    private static final String[] CASES = {
        "mobilenet_v1_x1_0:224x224:0",
        "mobilenet_v1_x0_25:96x96:1",
        "mobilenet_v1_x0_5:113x150:2",
        "mobilenet_v1_x0_75:128x128:3",
        "mobilenet_v1:97x97:4",
    };
    /** The case that also runs with two threads and on every ISA. */
    private static final String[] CHECKED_CASES = {CASES[3]};

    private static ParityGoldens goldens;

    @BeforeAll
    static void generate() throws Exception {
        goldens = ParityGoldens.generate("mobilenet_v1", CASES);
    }

    static Stream<Arguments> cases() {
        return ParityGoldens.onEveryBackend(CASES);
    }

    static Stream<Arguments> threadCases() {
        return ParityGoldens.onEveryBackend(CHECKED_CASES);
    }

    static Stream<Arguments> isaCases() {
        return Stream.of(CHECKED_CASES).flatMap(c -> ParityGoldens.supportedIsas().map(isa -> Arguments.of(c, isa)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void matchesPyTorchReference(String spec, Backend backend) throws Exception {
        goldens.assertMatches(spec, backend, 1);
    }

    /** Two threads split every layer; the result must match PyTorch and the one-thread result exactly. */
    @ParameterizedTest(name = "{0} {1} threads")
    @MethodSource("threadCases")
    void twoThreadsMatch(String spec, Backend backend) throws Exception {
        goldens.assertThreadsAgree(spec, backend);
    }

    /** Every native ISA variant this CPU has, forced, through the whole network. */
    @ParameterizedTest(name = "{0} isa {1}")
    @MethodSource("isaCases")
    void everyIsaMatches(String spec, int isa) throws Exception {
        goldens.assertMatchesOnIsa(spec, isa);
    }
}
