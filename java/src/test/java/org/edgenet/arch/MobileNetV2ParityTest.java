package org.edgenet.arch;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.edgenet.Backend;
import org.edgenet.Net;
import org.edgenet.testing.Parity;
import org.edgenet.testing.ParityGoldens;
import org.edgenet.weights.SafetensorsWriter;
import org.edgenet.weights.StateDict;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * torchvision's MobileNetV2 with seeded random weights (BatchNorm statistics randomised too),
 * loaded from the .pth through the public API, on both backends, every width, several input sizes.
 */
class MobileNetV2ParityTest {
    /** ARCH:HxW:SEED for models/make_parity.py; odd and non-square sizes exercise padding. */
    private static final String[] CASES = {
        "mobilenet_v2_x1_0:224x224:0",
        "mobilenet_v2_x0_35:96x96:1",
        "mobilenet_v2_x0_5:128x128:2",
        "mobilenet_v2_x0_75:161x161:3",
        "mobilenet_v2_x1_4:224x224:4",
        "mobilenet_v2_x1_0:113x150:5",
    };

    private static ParityGoldens goldens;

    @BeforeAll
    static void generate() throws Exception {
        goldens = ParityGoldens.generate("mobilenet_v2", CASES);
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
    void matchesTorchvision(String spec, Backend backend) throws Exception {
        goldens.assertMatches(spec, backend, 1);
    }

    /** Two threads split every layer; the result must stay within parity (it is in fact identical). */
    @ParameterizedTest(name = "{0} threads")
    @MethodSource("backends")
    void twoThreadsMatch(Backend backend) throws Exception {
        goldens.assertThreadsAgree(CASES[0], backend);
    }

    /** Every native ISA variant this CPU has, forced, through the whole network. */
    @ParameterizedTest(name = "isa {0}")
    @MethodSource("isas")
    void everyIsaMatches(int isa) throws Exception {
        goldens.assertMatchesOnIsa(CASES[3], isa);
    }

    /** The same tensors re-written as .safetensors load to the same network. */
    @ParameterizedTest(name = "safetensors {0}")
    @MethodSource("backends")
    void safetensorsMatches(Backend backend) throws Exception {
        ParityGoldens.Case c = goldens.get(CASES[1]);
        Path st = c.dir().resolve("weights.safetensors");
        SafetensorsWriter.write(st, StateDict.read(c.weights()));
        try (Net net = c.net(st, backend, 1)) {
            Parity.assertMatches(c.logits(), net.run(c.input()), "safetensors " + backend);
        }
    }
}
