package org.edgenet.backend;

import org.edgenet.Tensor;

/** Runs a planned graph on one backend. Not thread-safe: {@link org.edgenet.Net} serialises calls. */
public interface Executor extends AutoCloseable {

    /** Runs the graph on an NCHW input already checked against the graph's shape; returns the output. */
    float[] run(Tensor input);

    /** A human-readable description of what runs, e.g. "native avx2, 2 threads". */
    String describe();

    @Override
    void close();
}
