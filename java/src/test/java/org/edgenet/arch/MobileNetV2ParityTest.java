package org.edgenet.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.edgenet.Backend;
import org.edgenet.Net;
import org.edgenet.Nets;
import org.edgenet.io.Npy;
import org.edgenet.kernels.NativeKernels;
import org.edgenet.testing.Parity;
import org.edgenet.testing.Python;
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
    /** ARCH:WIDTH:HxW:SEED for models/make_parity.py; odd and non-square sizes exercise padding. */
    private static final String[] CASES = {
        "mobilenet_v2:1.0:224x224:0",
        "mobilenet_v2:0.35:96x96:1",
        "mobilenet_v2:0.5:128x128:2",
        "mobilenet_v2:0.75:161x161:3",
        "mobilenet_v2:1.4:224x224:4",
        "mobilenet_v2:1.0:113x150:5",
    };

    private static Path goldens;

    @BeforeAll
    static void generate() throws Exception {
        Python.requireTorch();
        goldens = Python.workDir("parity-mobilenet_v2");
        List<String> args = new ArrayList<>(List.of(goldens.toString()));
        for (String c : CASES) {
            args.add("--case");
            args.add(c);
        }
        Python.run("make_parity.py", args.toArray(String[]::new));
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String c : CASES) {
            for (Backend b : Backend.values()) {
                out.add(Arguments.of(c, b));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void matchesTorchvision(String spec, Backend backend) throws Exception {
        Case c = Case.parse(spec);
        float[] expected = Npy.read(c.dir.resolve("logits.npy")).data();
        float[] input = Npy.read(c.dir.resolve("input.npy")).data();
        try (Net net = Nets.byName(c.archName()).inputSize(c.h, c.w).weights(c.dir.resolve("weights.pth"))
                .backend(backend).build()) {
            Parity.assertMatches(expected, net.run(input), spec + " " + backend);
        }
    }

    /** Two threads split every layer; the result must stay within parity (it is in fact identical). */
    @ParameterizedTest(name = "{0} threads")
    @MethodSource("backends")
    void twoThreadsMatch(Backend backend) throws Exception {
        Case c = Case.parse(CASES[0]);
        float[] expected = Npy.read(c.dir.resolve("logits.npy")).data();
        float[] input = Npy.read(c.dir.resolve("input.npy")).data();
        try (Net one = Nets.byName(c.archName()).weights(c.dir.resolve("weights.pth")).backend(backend).build();
             Net two = Nets.byName(c.archName()).weights(c.dir.resolve("weights.pth")).backend(backend).threads(2)
                     .build()) {
            float[] a = one.run(input);
            float[] b = two.run(input);
            Parity.assertMatches(expected, b, "2 threads " + backend);
            org.junit.jupiter.api.Assertions.assertArrayEquals(a, b, "thread count changed the result");
        }
    }

    static Stream<Backend> backends() {
        return Stream.of(Backend.values());
    }

    /** Every native ISA variant this CPU has, forced, through the whole network. */
    @ParameterizedTest(name = "isa {0}")
    @MethodSource("isas")
    void everyIsaMatches(int isa) throws Exception {
        Case c = Case.parse(CASES[3]);
        float[] expected = Npy.read(c.dir.resolve("logits.npy")).data();
        float[] input = Npy.read(c.dir.resolve("input.npy")).data();
        assertEquals(NativeKernels.EN_OK, NativeKernels.en_isa_force(isa));
        try (Net net = Nets.byName(c.archName()).inputSize(c.h, c.w).weights(c.dir.resolve("weights.pth")).build()) {
            Parity.assertMatches(expected, net.run(input), spec(isa));
        } finally {
            NativeKernels.en_isa_force(NativeKernels.EN_ISA_AUTO);
        }
    }

    static Stream<Integer> isas() {
        return Stream.of(NativeKernels.EN_ISA_SCALAR, NativeKernels.EN_ISA_AVX2, NativeKernels.EN_ISA_AVX512,
                NativeKernels.EN_ISA_NEON).filter(i -> NativeKernels.en_isa_supported(i) == 1);
    }

    /** The same tensors re-written as .safetensors load to the same network. */
    @ParameterizedTest(name = "safetensors {0}")
    @MethodSource("backends")
    void safetensorsMatches(Backend backend) throws Exception {
        Case c = Case.parse(CASES[1]);
        Path st = c.dir.resolve("weights.safetensors");
        SafetensorsWriter.write(st, StateDict.read(c.dir.resolve("weights.pth")));
        float[] expected = Npy.read(c.dir.resolve("logits.npy")).data();
        float[] input = Npy.read(c.dir.resolve("input.npy")).data();
        try (Net net = Nets.byName(c.archName()).inputSize(c.h, c.w).weights(st).backend(backend).build()) {
            Parity.assertMatches(expected, net.run(input), "safetensors " + backend);
        }
    }

    private static String spec(int isa) {
        return "isa " + NativeKernels.en_isa_name(isa);
    }

    /** One golden folder written by make_parity.py. */
    private record Case(String arch, String width, int h, int w, Path dir) {
        static Case parse(String spec) {
            String[] p = spec.split(":");
            String[] hw = p[2].split("x");
            double width = Double.parseDouble(p[1]);
            String widthName = width == Math.rint(width) ? String.valueOf((int) width) : p[1];
            Path dir = goldens.resolve(p[0] + "_" + widthName + "_" + p[2] + "_s" + p[3]);
            return new Case(p[0], p[1], Integer.parseInt(hw[0]), Integer.parseInt(hw[1]), dir);
        }

        String archName() {
            return arch + "_x" + width.replace('.', '_');
        }
    }
}
