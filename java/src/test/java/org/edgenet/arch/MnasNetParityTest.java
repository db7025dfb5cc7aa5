package org.edgenet.arch;

/**
 * torchvision's MNASNet (B1, version 2) with seeded random weights (BatchNorm statistics randomised
 * too), loaded from the .pth through the public API, on both backends, every depth multiplier,
 * several input sizes.
 */
class MnasNetParityTest extends FamilyParityTest {
    /**
     * ARCH:HxW:SEED for models/make_parity.py; every multiplier once, odd
     * and non-square sizes exercise padding and stride-2 edges of the 5x5 depthwise layers.
     */
    private static final String[] CASES = {
        "mnasnet1_0:224x224:0",
        "mnasnet0_5:96x96:1",
        "mnasnet0_75:113x150:2",
        "mnasnet1_3:129x97:3",
    };

    @Override
    String family() {
        return "mnasnet";
    }

    @Override
    String[] cases() {
        return CASES;
    }

    @Override
    String[] threadAndIsaCases() {
        return new String[] {CASES[1]};
    }
}
