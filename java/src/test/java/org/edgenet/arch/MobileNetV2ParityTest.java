package org.edgenet.arch;

import java.nio.file.Path;
import org.edgenet.Backend;
import org.edgenet.Net;
import org.edgenet.testing.Parity;
import org.edgenet.testing.ParityGoldens;
import org.edgenet.weights.SafetensorsWriter;
import org.edgenet.weights.StateDict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * torchvision's MobileNetV2 with seeded random weights (BatchNorm statistics randomised too),
 * loaded from the .pth through the public API, on both backends, every width, several input sizes.
 */
class MobileNetV2ParityTest extends FamilyParityTest {
    /** ARCH:HxW:SEED for models/make_parity.py; odd and non-square sizes exercise padding. */
    private static final String[] CASES = {
        "mobilenet_v2_x1_0:224x224:0",
        "mobilenet_v2_x0_35:96x96:1",
        "mobilenet_v2_x0_5:128x128:2",
        "mobilenet_v2_x0_75:161x161:3",
        "mobilenet_v2_x1_4:224x224:4",
        "mobilenet_v2_x1_0:113x150:5",
    };

    @Override
    String family() {
        return "mobilenet_v2";
    }

    @Override
    String[] cases() {
        return CASES;
    }

    @Override
    String[] threadAndIsaCases() {
        return new String[] {CASES[3]};
    }

    /** The same tensors re-written as .safetensors load to the same network. */
    @ParameterizedTest(name = "safetensors {0}")
    @EnumSource(Backend.class)
    void safetensorsMatches(Backend backend) throws Exception {
        ParityGoldens.Case c = goldens.get(CASES[1]);
        Path st = c.dir().resolve("weights.safetensors");
        SafetensorsWriter.write(st, StateDict.read(c.weights()));
        try (Net net = c.net(st, backend, 1)) {
            Parity.assertMatches(c.logits(), net.run(c.input()), "safetensors " + backend);
        }
    }
}
