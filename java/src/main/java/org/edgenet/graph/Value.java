package org.edgenet.graph;

/**
 * An activation tensor of the graph, NHWC: {@code n * h * w} pixels of {@code c} channels.
 * Values hold no memory; the {@link MemoryPlan} gives each base value an offset in the arena.
 *
 * <p>A value is either a base (dense, its own buffer) or a view: {@code c} channels of a base,
 * starting at {@link #channelOffset} and {@link #channelStride} apart. Views are how a concat, a
 * split or a channel shuffle costs nothing: the producer writes into a view of the concatenated
 * buffer, the consumer reads a view of it. Pixels of a view are {@link #pixelStride()} apart.
 */
public final class Value {
    public final int id;
    public final String name;
    public final int n, h, w, c;
    /** The value that owns the memory: {@code this} for a base. */
    public final Value base;
    /** First channel in the base. */
    public final int channelOffset;
    /** Distance between consecutive channels in the base (1 = contiguous). */
    public final int channelStride;

    Value(int id, String name, int n, int h, int w, int c) {
        this(id, name, n, h, w, c, null, 0, 1);
    }

    Value(int id, String name, int n, int h, int w, int c, Value base, int channelOffset, int channelStride) {
        if (n <= 0 || h <= 0 || w <= 0 || c <= 0) {
            throw new IllegalArgumentException("value '" + name + "' has a non-positive dimension: "
                    + n + "x" + h + "x" + w + "x" + c);
        }
        if (base != null && (base.base != base || channelOffset < 0 || channelStride < 1
                || channelOffset + (long) (c - 1) * channelStride >= base.c)) {
            throw new IllegalArgumentException("view '" + name + "': channels " + channelOffset + " + " + channelStride
                    + "*[0, " + c + ") do not fit in " + base);
        }
        this.id = id;
        this.name = name;
        this.n = n;
        this.h = h;
        this.w = w;
        this.c = c;
        this.base = base == null ? this : base;
        this.channelOffset = channelOffset;
        this.channelStride = channelStride;
    }

    public boolean isView() {
        return base != this;
    }

    /** Floats between two consecutive pixels: the base's channel count. */
    public int pixelStride() {
        return base.c;
    }

    /** Whether the channels are adjacent (all kernels accept this; only some accept strided channels). */
    public boolean contiguous() {
        return channelStride == 1;
    }

    /** Channel index in the base of this value's channel {@code j}. */
    public int baseChannel(int j) {
        return channelOffset + j * channelStride;
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
        String shape = name + "[" + n + "x" + h + "x" + w + "x" + c + "]";
        if (!isView()) {
            return shape;
        }
        return shape + " in " + base.name + "@" + channelOffset + (channelStride == 1 ? "" : "/" + channelStride);
    }
}
