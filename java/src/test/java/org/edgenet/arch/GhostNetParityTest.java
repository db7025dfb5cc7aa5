package org.edgenet.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.edgenet.Backend;
import org.edgenet.Net;
import org.edgenet.Nets;
import org.edgenet.testing.Parity;
import org.edgenet.testing.ParityGoldens;
import org.edgenet.weights.StateDict;
import org.edgenet.weights.WeightTensor;
import org.junit.jupiter.api.Test;
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

    /** The authors' release also carries thop's total_ops / total_params counters: they are not tensors of the net. */
    @Test
    void profilerCountersInTheCheckpointAreIgnored() throws Exception {
        ParityGoldens.Case c = goldens.get(CASES[2]);
        java.util.Map<String, WeightTensor> tensors = new java.util.LinkedHashMap<>(StateDict.read(c.weights()).asMap());
        for (String key : new String[] {"total_ops", "total_params", "conv_stem.total_ops", "blocks.0.0.total_params"}) {
            tensors.put(key, new WeightTensor(key, new int[] {1}, new float[] {123f}));
        }
        try (Net net = Nets.byName(c.arch()).inputSize(c.h(), c.w()).weights(StateDict.of(tensors, "with counters"))
                .build()) {
            Parity.assertMatches(c.logits(), net.run(c.input()), "with thop counters");
        }
    }
}
