package org.edgenet.bench;

import org.bytedeco.javacpp.FloatPointer;
import org.edgenet.kernels.NativeKernels;

/**
 * Selects the native variant a benchmark measures: "native" (best ISA), "native-scalar",
 * "native-avx2" (the Zen 3 / CI code path on an AVX-512 machine), "native-avx512" (an ISA this CPU
 * lacks fails the trial), "native-openblas" (OpenBLAS sgemm behind en_pwconv / en_linear),
 * "native-unpacked" (best ISA; the pointwise benchmarks then call the unpacked entry point, which
 * packs the weights on every call).
 */
final class Engines {
    private Engines() {}

    static void select(String engine) {
        reset();
        switch (engine) {
            case "native-scalar":
                check(NativeKernels.en_isa_force(NativeKernels.EN_ISA_SCALAR));
                break;
            case "native-avx2":
                check(NativeKernels.en_isa_force(NativeKernels.EN_ISA_AVX2));
                break;
            case "native-avx512":
                check(NativeKernels.en_isa_force(NativeKernels.EN_ISA_AVX512));
                break;
            case "native-openblas":
                check(NativeKernels.en_gemm_force(NativeKernels.EN_GEMM_OPENBLAS));
                break;
            case "native":
            case "native-unpacked":
            case "java":
                break;
            default:
                throw new IllegalArgumentException("unknown engine " + engine);
        }
    }

    static void reset() {
        NativeKernels.en_isa_force(NativeKernels.EN_ISA_AUTO);
        NativeKernels.en_gemm_force(NativeKernels.EN_GEMM_OWN);
    }

    /** Whether a pointwise benchmark of this engine calls the packed entry points (weights packed in setup). */
    static boolean packed(String engine) {
        return !engine.equals("native-openblas") && !engine.equals("native-unpacked") && !engine.equals("java");
    }

    /** Packs a (grouped) 1x1 weight [groups][cinG][coutG] and bias into a new en_alloc_floats block (free with en_free). */
    static FloatPointer pack(int groups, int cinG, int coutG, FloatPointer weight, FloatPointer bias) {
        long size = NativeKernels.en_pwconv_pack_size(groups, cinG, coutG);
        FloatPointer packed = NativeKernels.en_alloc_floats(size);
        if (packed == null || packed.isNull()) {
            throw new OutOfMemoryError("cannot allocate " + size + " floats");
        }
        packed.capacity(size);
        check(NativeKernels.en_pwconv_pack(groups, cinG, coutG, weight, bias, packed, size));
        return packed;
    }

    static void check(int code) {
        if (code != NativeKernels.EN_OK) {
            throw new IllegalStateException("native kernel returned " + code);
        }
    }
}
