package org.edgenet.graph;

/**
 * An activation tensor of the graph, NHWC: {@code n * h * w} pixels of {@code c} channels, dense.
 * Values hold no memory; the {@link MemoryPlan} gives each one an offset in the arena.
 */
public final class Value {
    public final int id;
    public final String name;
    public final int n, h, w, c;

    Value(int id, String name, int n, int h, int w, int c) {
        if (n <= 0 || h <= 0 || w <= 0 || c <= 0) {
            throw new IllegalArgumentException("value '" + name + "' has a non-positive dimension: "
                    + n + "x" + h + "x" + w + "x" + c);
        }
        this.id = id;
        this.name = name;
        this.n = n;
        this.h = h;
        this.w = w;
        this.c = c;
    }

    public long pixels() {
        return (long) n * h * w;
    }

    /** Number of floats. */
    public long size() {
        return pixels() * c;
    }

    @Override
    public String toString() {
        return name + "[" + n + "x" + h + "x" + w + "x" + c + "]";
    }
}
