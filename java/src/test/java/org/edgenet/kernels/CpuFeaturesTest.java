package org.edgenet.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * en_cpu_features through the binding: only known bits, only the JVM's architecture's, consistent with
 * the ISA variants, and, where the build says what the CPU is (the cross build's tests run on an emulated
 * Cortex-A76: -Dedgenet.expect.cpu.features), exactly the expected set.
 */
class CpuFeaturesTest {
    private static final int ARM_BITS = NativeKernels.EN_CPU_NEON | NativeKernels.EN_CPU_DOTPROD
            | NativeKernels.EN_CPU_FP16;
    private static final int X86_BITS = NativeKernels.EN_CPU_AVX2 | NativeKernels.EN_CPU_AVX512;

    @Test
    void onlyThisArchitecturesBits() {
        int features = NativeKernels.en_cpu_features();
        assertEquals(0, features & ~(ARM_BITS | X86_BITS), "unknown bits");
        switch (System.getProperty("os.arch")) {
            case "aarch64" -> {
                assertEquals(0, features & X86_BITS, "x86 bits on arm64");
                assertTrue((features & NativeKernels.EN_CPU_NEON) != 0, "an arm64 CPU without NEON");
                assertEquals(1, NativeKernels.en_isa_supported(NativeKernels.EN_ISA_NEON), "NEON variant");
            }
            case "amd64" -> {
                assertEquals(0, features & ARM_BITS, "arm64 bits on x86");
                assertEquals((features & NativeKernels.EN_CPU_AVX2) != 0 ? 1 : 0,
                        NativeKernels.en_isa_supported(NativeKernels.EN_ISA_AVX2), "AVX2 variant against the AVX2 bit");
            }
            default -> { }
        }
    }

    @Test
    void namesEveryBit() {
        for (int bit : CpuFeatures.ALL) {
            assertNotEquals("unknown", NativeKernels.en_cpu_feature_name(bit), "bit " + bit);
        }
        assertEquals("unknown", NativeKernels.en_cpu_feature_name(0));
        assertEquals("unknown", NativeKernels.en_cpu_feature_name(NativeKernels.EN_CPU_NEON | NativeKernels.EN_CPU_FP16));
        assertEquals("neon fp16", CpuFeatures.names(NativeKernels.EN_CPU_NEON | NativeKernels.EN_CPU_FP16));
        assertEquals("avx2 avx512", CpuFeatures.names(NativeKernels.EN_CPU_AVX2 | NativeKernels.EN_CPU_AVX512));
        assertEquals("none", CpuFeatures.names(0));
    }

    @Test
    void expectedFeatures() {
        String expected = System.getProperty("edgenet.expect.cpu.features");
        System.out.println("CPU features: " + CpuFeatures.detected() + (expected == null ? "" : ", expected: " + expected));
        if (expected != null) {
            assertEquals(expected, CpuFeatures.detected());
        }
    }
}
