package org.edgenet.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.edgenet.Backend;
import org.edgenet.Net;
import org.edgenet.testing.Parity;
import org.edgenet.testing.ParityGoldens;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * models/ghostnet.py (the paper's network with the authors' keys) with seeded random weights,
 * stored under the authors' keys and under timm's, loaded through the public API on both backends.
 */
class GhostNetParityTest extends FamilyParityTest {
    /** ARCH:HxW:SEED[:SCHEME]; timm's ghostnet_100 keys are the authors' (see models/ghostnet.py). */
    private static final String[] CASES = {
        "ghostnet_100:224x224:0",
        "ghostnet_100:224x224:0:timm",
        "ghostnet_100:113x150:1",
        "ghostnet_100:96x96:2:timm",
    };

    @Override
    String family() {
        return "ghostnet";
    }

    @Override
    String[] cases() {
        return CASES;
    }

    @Override
    String[] threadAndIsaCases() {
        return new String[] {CASES[2], CASES[3]};
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
}
