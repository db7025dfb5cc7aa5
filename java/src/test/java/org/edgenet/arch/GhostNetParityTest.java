package org.edgenet.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.stream.Stream;
import org.edgenet.Backend;
import org.edgenet.Net;
import org.edgenet.testing.Parity;
import org.edgenet.testing.ParityGoldens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * models/ghostnet.py (the paper's network with the authors' keys) with seeded random weights,
 * stored under the authors' keys and under timm's, loaded through the public API on both backends.
 */
class GhostNetParityTest {
    /** ARCH:HxW:SEED[:SCHEME]; timm's ghostnet_100 keys are the authors' (see models/ghostnet.py). */
    private static final String[] CASES = {
        "ghostnet_100:224x224:0",
        "ghostnet_100:224x224:0:timm",
        "ghostnet_100:113x150:1",
        "ghostnet_100:96x96:2:timm",
    };

    private static ParityGoldens goldens;

    @BeforeAll
    static void generate() throws Exception {
        goldens = ParityGoldens.generate("ghostnet", CASES);
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

    /** The same seeded weights under either key scheme give the same network, bit for bit. */
    @ParameterizedTest(name = "timm vs original {0}")
    @EnumSource(Backend.class)
    void timmAndOriginalKeysGiveIdenticalLogits(Backend backend) throws Exception {
        ParityGoldens.Case original = goldens.get(CASES[0]);
        ParityGoldens.Case timm = goldens.get(CASES[1]);
        try (Net a = original.net(original.weights(), backend, 1); Net b = timm.net(timm.weights(), backend, 1)) {
            float[] logits = a.run(original.input());
            Parity.assertMatches(original.logits(), logits, "original keys " + backend);
            assertArrayEquals(logits, b.run(timm.input()), "timm keys " + backend);
        }
    }

    @ParameterizedTest(name = "{0} threads")
    @MethodSource("backends")
    void twoThreadsMatch(Backend backend) throws Exception {
        goldens.assertThreadsAgree(CASES[3], backend);
    }

    @ParameterizedTest(name = "isa {0}")
    @MethodSource("isas")
    void everyIsaMatches(int isa) throws Exception {
        goldens.assertMatchesOnIsa(CASES[2], isa);
    }
}
