package org.edgenet.graph;

/**
 * Seeded random tensors that count what PyTorch counts as parameters: every tensor an architecture
 * takes except BatchNorm's running statistics. Building a graph from it gives the figure papers and
 * torchvision publish (a graph's own {@link Graph#parameters()} is smaller: BatchNorm is folded).
 */
public final class CountingParameters implements ParameterSource {
    private final RandomParameters random;
    private long count;

    public CountingParameters(long seed) {
        this.random = new RandomParameters(seed);
    }

    /** Learnable elements taken so far. */
    public long count() {
        return count;
    }

    @Override
    public float[] take(String key, int... shape) {
        float[] v = random.take(key, shape);
        if (!key.endsWith(".running_mean") && !key.endsWith(".running_var")) {
            count += v.length;
        }
        return v;
    }

    @Override
    public void ignore(String key) {}

    @Override
    public void finish() {}

    @Override
    public String describe() {
        return "counted " + random.describe();
    }
}
