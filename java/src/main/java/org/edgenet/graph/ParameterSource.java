package org.edgenet.graph;

/**
 * Where an architecture gets its tensors, by PyTorch key and in PyTorch's layout: a weights file
 * (through a name map) or seeded random values for benchmarks.
 */
public interface ParameterSource {

    /** The tensor stored under {@code key}, which must have exactly {@code shape}; a clear exception otherwise. */
    float[] take(String key, int... shape);

    /** Marks a tensor the architecture legitimately does not use (e.g. BatchNorm's num_batches_tracked). */
    void ignore(String key);

    /** Called once the graph is built: fails if the source holds tensors nobody took. */
    void finish();

    /** Where the tensors come from, for messages. */
    String describe();
}
