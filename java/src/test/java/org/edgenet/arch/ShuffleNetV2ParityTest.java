package org.edgenet.arch;

/**
 * torchvision's ShuffleNetV2 with seeded random weights, loaded from the .pth through the public
 * API: every width, on both backends.
 */
class ShuffleNetV2ParityTest extends FamilyParityTest {
    /** ARCH:HxW:SEED; one 224x224 case, the rest small, odd or non-square to keep CI short. */
    private static final String[] CASES = {
        "shufflenet_v2_x1_0:224x224:0",
        "shufflenet_v2_x0_5:96x96:1",
        "shufflenet_v2_x1_5:113x150:2",
        "shufflenet_v2_x2_0:65x65:3",
    };

    @Override
    String family() {
        return "shufflenet_v2";
    }

    @Override
    String[] cases() {
        return CASES;
    }

    @Override
    String[] threadAndIsaCases() {
        return new String[] {CASES[1], CASES[3]};
    }
}
