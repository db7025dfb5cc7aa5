package org.edgenet.arch;

import org.edgenet.testing.Python;
import org.junit.jupiter.api.Test;

/**
 * models/shufflenet_v1.py (the paper's network with Megvii's keys and channel shuffle) with seeded
 * random weights, loaded from the .pth through the public API: every one of the 20 group/width
 * variants at least once, on both backends.
 */
class ShuffleNetV1ParityTest extends FamilyParityTest {
    /** ARCH:HxW:SEED; one 224x224 case, the rest small, odd or non-square to keep CI short. */
    private static final String[] CASES = {
        "shufflenet_v1_g3:224x224:0",
        "shufflenet_v1_g1_x0_5:96x96:1",
        "shufflenet_v1_g2_x1_5:113x150:2",
        "shufflenet_v1_g4_x2_0:64x64:3",
        "shufflenet_v1_g8_x0_5:97x97:4",
        "shufflenet_v1_g8_x1_0:33x47:5",
        "shufflenet_v1_g1_x1_0:64x64:10",
        "shufflenet_v1_g1_x1_5:72x72:11",
        "shufflenet_v1_g1_x2_0:65x80:12",
        "shufflenet_v1_g2_x0_5:64x64:13",
        "shufflenet_v1_g2_x1_0:80x64:14",
        "shufflenet_v1_g2_x2_0:64x64:15",
        "shufflenet_v1_g3_x0_5:71x71:16",
        "shufflenet_v1_g3_x1_5:64x64:17",
        "shufflenet_v1_g3_x2_0:64x72:18",
        "shufflenet_v1_g4_x0_5:64x64:19",
        "shufflenet_v1_g4_x1_0:77x77:20",
        "shufflenet_v1_g4_x1_5:64x64:21",
        "shufflenet_v1_g8_x1_5:64x64:22",
        "shufflenet_v1_g8_x2_0:66x66:23",
    };

    @Override
    String family() {
        return "shufflenet_v1";
    }

    @Override
    String[] cases() {
        return CASES;
    }

    /** Grouped and interleaved 1x1s on two threads and every ISA. */
    @Override
    String[] threadAndIsaCases() {
        return new String[] {CASES[2], CASES[4]};
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
