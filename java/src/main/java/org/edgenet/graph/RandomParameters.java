package org.edgenet.graph;

import java.util.SplittableRandom;

/**
 * Seeded random tensors of whatever shape an architecture asks for: He-normal convolution and
 * linear weights, BatchNorm statistics near identity. For benchmarks and smoke runs, where only
 * the arithmetic matters; the same seed gives the same network.
 */
public final class RandomParameters implements ParameterSource {
    private final long seed;

    public RandomParameters(long seed) {
        this.seed = seed;
    }

    @Override
    public float[] take(String key, int... shape) {
        int size = 1;
        for (int d : shape) {
            size = Math.multiplyExact(size, d);
        }
        SplittableRandom random = new SplittableRandom(seed ^ (key.hashCode() * 0x9E3779B97F4A7C15L));
        float[] v = new float[size];
        if (key.endsWith(".running_var")) {
            fill(v, () -> 0.5 + random.nextDouble());
        } else if (key.endsWith(".running_mean") || key.endsWith(".bias")) {
            fill(v, () -> 0.1 * gaussian(random));
        } else if (shape.length == 1) {  // BatchNorm gamma
            fill(v, () -> 1.0 + 0.1 * gaussian(random));
        } else {
            int fanIn = size / shape[0];
            double std = Math.sqrt(2.0 / fanIn);
            fill(v, () -> std * gaussian(random));
        }
        return v;
    }

    @Override
    public void ignore(String key) {}

    @Override
    public void finish() {}

    @Override
    public String describe() {
        return "random weights (seed " + seed + ")";
    }

    private static void fill(float[] v, java.util.function.DoubleSupplier s) {
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) s.getAsDouble();
        }
    }

    /** Box-Muller: SplittableRandom has no nextGaussian on Java 17. */
    private static double gaussian(SplittableRandom r) {
        double u = 1.0 - r.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
