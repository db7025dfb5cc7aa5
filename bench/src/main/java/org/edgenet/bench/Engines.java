package org.edgenet.bench;

import org.edgenet.kernels.NativeKernels;

/**
 * Selects the native variant a benchmark measures: "native" (best ISA), "native-scalar",
 * "native-avx2", "native-avx512" (an ISA this CPU lacks fails the trial), "native-openblas".
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

    static void check(int code) {
        if (code != NativeKernels.EN_OK) {
            throw new IllegalStateException("native kernel returned " + code);
        }
    }
}
