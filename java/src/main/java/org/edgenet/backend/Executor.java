package org.edgenet.backend;

import org.edgenet.Tensor;

/** Runs a planned graph on one backend. Not thread-safe: {@link org.edgenet.Net} serialises calls. */
public interface Executor extends AutoCloseable {

    /**
     * Runs the graph on an NCHW input already checked against the graph's shape; returns the output.
     *
     * @throws IllegalArgumentException if the input holds a NaN or an infinity (see {@link #nonFinite})
     */
    default float[] run(Tensor input) {
        return run(input, null);
    }

    /**
     * {@link #run(Tensor)}, also writing each step's wall time in nanoseconds to stepNanos when it
     * is not null: index 0 is the input's NCHW to NHWC conversion, index i + 1 the graph's op i
     * (for ops run together as one fused step, see {@link #opsInStep}, all on the first op).
     */
    float[] run(Tensor input, long[] stepNanos);

    /**
     * How many of the graph's ops run as the step that starts at op i: 1 for an op run alone, more
     * for the first op of a fused step, 0 for the ops that step absorbs.
     */
    default int opsInStep(int i) {
        return 1;
    }

    /** The error for a non-finite input element, the same from every backend. */
    static IllegalArgumentException nonFinite(long index, float value) {
        return new IllegalArgumentException("input element " + index + " (" + value + ") is not a finite number");
    }

    /** The kernels that run, e.g. "native avx2" or "java". */
    String engine();

    @Override
    void close();
}
