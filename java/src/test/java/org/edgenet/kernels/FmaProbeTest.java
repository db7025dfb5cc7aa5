package org.edgenet.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The FMA peak probe through the binding: a positive finite rate, and its argument check. */
class FmaProbeTest {
    @Test
    void measuresAPositiveFiniteRate() {
        double gflops = NativeKernels.en_fma_peak_gflops(20);
        assertTrue(gflops > 0 && Double.isFinite(gflops), "got " + gflops);
        assertEquals(NativeKernels.EN_ERR_ARG, NativeKernels.en_fma_peak_gflops(0));
    }
}
