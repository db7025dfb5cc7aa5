package org.edgenet.arch;

import java.util.stream.Stream;
import org.edgenet.Backend;
import org.edgenet.testing.ParityGoldens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * torchvision's EfficientNet-B0 (SiLU, squeeze-excite with sigmoid gate) with seeded random weights
 * (BatchNorm statistics randomised too), loaded from the .pth through the public API, on both
 * backends, several input sizes.
 */
class EfficientNetParityTest {
    /**
     * ARCH:HxW:SEED for models/make_parity.py; odd and non-square sizes
     * exercise padding and stride-2 edges of the 5x5 depthwise layers.
     */
    private static final String[] CASES = {
        "efficientnet_b0:224x224:0",
        "efficientnet_b0:113x150:1",
        "efficientnet_b0:96x96:2",
    };
    /** The case that also runs with two threads and on every ISA. */
    private static final String[] CHECKED_CASES = {CASES[2]};

    private static ParityGoldens goldens;

    @BeforeAll
    static void generate() throws Exception {
        goldens = ParityGoldens.generate("efficientnet", CASES);
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
    void matchesTorchvision(String spec, Backend backend) throws Exception {
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
