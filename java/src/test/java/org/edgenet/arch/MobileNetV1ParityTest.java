package org.edgenet.arch;

/**
 * MobileNetV1 (models/mobilenet_v1.py, our definition from the paper) with seeded random weights
 * (BatchNorm statistics randomised too), loaded from the .pth through the public API, on both
 * backends, every width, several input sizes.
 */
class MobileNetV1ParityTest extends FamilyParityTest {
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

    @Override
    String family() {
        return "mobilenet_v1";
    }

    @Override
    String[] cases() {
        return CASES;
    }

    @Override
    String[] threadAndIsaCases() {
        return new String[] {CASES[3]};
    }
}
