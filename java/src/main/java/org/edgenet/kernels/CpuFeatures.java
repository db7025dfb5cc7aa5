package org.edgenet.kernels;

import java.util.StringJoiner;

/**
 * The CPU features the native library detected ({@code en_cpu_features}: AVX2, AVX-512 on x86; NEON and
 * the dot-product and fp16 extensions on arm64), by name, e.g. {@code "neon dotprod fp16"}.
 */
public final class CpuFeatures {
    /** Every EN_CPU_* bit, in the order names are listed. */
    static final int[] ALL = {
        NativeKernels.EN_CPU_AVX2, NativeKernels.EN_CPU_AVX512,
        NativeKernels.EN_CPU_NEON, NativeKernels.EN_CPU_DOTPROD, NativeKernels.EN_CPU_FP16,
    };

    private CpuFeatures() {}

    /** The names of the bits set in {@code features}, space-separated; "none" for none. */
    public static String names(int features) {
        StringJoiner out = new StringJoiner(" ");
        for (int bit : ALL) {
            if ((features & bit) != 0) {
                out.add(NativeKernels.en_cpu_feature_name(bit));
            }
        }
        return out.length() == 0 ? "none" : out.toString();
    }

    /** The names of this CPU's features (loads the native library). */
    public static String detected() {
        return names(NativeKernels.en_cpu_features());
    }
}
