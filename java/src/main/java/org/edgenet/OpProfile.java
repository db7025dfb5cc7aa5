package org.edgenet;

/**
 * One step of a profiled run ({@link Net#profile}): the fused op's name and kind, its multiply-adds,
 * and the median of its wall time over the profiled runs.
 */
public record OpProfile(String op, String kind, long macs, double medianMicros) {

    /** Multiply-adds as GFLOP/s (2 flops each) at the median time; 0 for ops without arithmetic. */
    public double gflops() {
        return medianMicros > 0 ? 2.0 * macs / 1e3 / medianMicros : 0;
    }
}
