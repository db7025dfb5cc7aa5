package org.edgenet.arch;

/**
 * torchvision's EfficientNet-B0 (SiLU, squeeze-excite with sigmoid gate) with seeded random weights
 * (BatchNorm statistics randomised too), loaded from the .pth through the public API, on both
 * backends, several input sizes.
 */
class EfficientNetParityTest extends FamilyParityTest {
    /**
     * ARCH:HxW:SEED for models/make_parity.py; odd and non-square sizes
     * exercise padding and stride-2 edges of the 5x5 depthwise layers.
     */
    private static final String[] CASES = {
        "efficientnet_b0:224x224:0",
        "efficientnet_b0:113x150:1",
        "efficientnet_b0:96x96:2",
    };

    @Override
    String family() {
        return "efficientnet";
    }

    @Override
    String[] cases() {
        return CASES;
    }

    @Override
    String[] threadAndIsaCases() {
        return new String[] {CASES[2]};
    }
}
