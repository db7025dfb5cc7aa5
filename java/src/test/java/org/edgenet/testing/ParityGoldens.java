package org.edgenet.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import org.junit.jupiter.params.provider.Arguments;

/**
 * PyTorch goldens written by models/make_parity.py (seeded random weights with randomised
 * BatchNorm statistics, a seeded input, the reference logits) and the checks every family's parity
 * test runs against them through the public API.
 */
public final class ParityGoldens {
    private final Path root;

    private ParityGoldens(Path root) {
        this.root = root;
    }

    /**
     * Runs make_parity.py for {@code cases}, each "ARCH:HxW:SEED[:SCHEME]" (ARCH an --arch name,
     * SCHEME a published key scheme), into a work folder named {@code tag}.
     */
    public static ParityGoldens generate(String tag, String... cases) throws Exception {
        Python.requireTorch();
        Path root = Python.workDir("parity-" + tag);
        List<String> args = new ArrayList<>(List.of(root.toString()));
        for (String c : cases) {
            args.add("--case");
            args.add(c);
        }
        Python.run("make_parity.py", args.toArray(String[]::new));
        return new ParityGoldens(root);
    }

    /** Every case on every backend, as JUnit arguments (spec, backend). */
    public static Stream<Arguments> onEveryBackend(String... cases) {
        List<Arguments> out = new ArrayList<>();
        for (String c : cases) {
            for (Backend b : Backend.values()) {
                out.add(Arguments.of(c, b));
            }
        }
        return out.stream();
    }

    /** The native ISA variants this build and CPU can run. */
    public static Stream<Integer> supportedIsas() {
        return Stream.of(NativeKernels.EN_ISA_SCALAR, NativeKernels.EN_ISA_AVX2, NativeKernels.EN_ISA_AVX512,
                NativeKernels.EN_ISA_NEON).filter(i -> NativeKernels.en_isa_supported(i) == 1);
    }

    /** The golden folder of one case. */
    public Case get(String spec) {
        String[] p = spec.split(":");
        String[] hw = p[1].split("x");
        String scheme = p.length > 3 ? p[3] : null;
        Path dir = root.resolve(p[0] + "_" + p[1] + "_s" + p[2] + (scheme == null ? "" : "_" + scheme));
        return new Case(spec, p[0], Integer.parseInt(hw[0]), Integer.parseInt(hw[1]), dir);
    }

    /** The network built from the case's .pth matches PyTorch's logits on {@code backend}. */
    public float[] assertMatches(String spec, Backend backend, int threads) throws Exception {
        Case c = get(spec);
        try (Net net = c.net(c.weights(), backend, threads)) {
            float[] logits = net.run(c.input());
            Parity.assertMatches(c.logits(), logits, spec + " " + backend + (threads > 1 ? " " + threads + " threads" : ""));
            return logits;
        }
    }

    /** Two threads match PyTorch and give exactly the one-thread result. */
    public void assertThreadsAgree(String spec, Backend backend) throws Exception {
        assertArrayEquals(assertMatches(spec, backend, 1), assertMatches(spec, backend, 2),
                spec + " " + backend + ": the thread count changed the result");
    }

    /** The native backend with {@code isa} forced matches PyTorch. */
    public void assertMatchesOnIsa(String spec, int isa) throws Exception {
        assertEquals(NativeKernels.EN_OK, NativeKernels.en_isa_force(isa));
        try {
            assertMatches(spec, Backend.NATIVE, 1);
        } finally {
            NativeKernels.en_isa_force(NativeKernels.EN_ISA_AUTO);
        }
    }

    /** One golden folder. */
    public record Case(String spec, String arch, int h, int w, Path dir) {
        public Path weights() {
            return dir.resolve("weights.pth");
        }

        public float[] input() throws Exception {
            return Npy.read(dir.resolve("input.npy")).data();
        }

        public float[] logits() throws Exception {
            return Npy.read(dir.resolve("logits.npy")).data();
        }

        public Net net(Path weights, Backend backend, int threads) {
            return Nets.byName(arch).inputSize(h, w).weights(weights).backend(backend).threads(threads).build();
        }
    }
}
