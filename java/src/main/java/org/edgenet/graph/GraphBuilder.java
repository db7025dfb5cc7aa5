package org.edgenet.graph;

import java.util.ArrayList;
import java.util.List;

/** Collects values and ops while an architecture table is walked. */
public final class GraphBuilder {
    /** Channel counts that {@link #activation} pads (multiples of this), and by how many floats. */
    public static final int PADDED_CHANNELS = 256, PIXEL_PADDING = 16;

    private final List<Value> values = new ArrayList<>();
    private final List<Op> ops = new ArrayList<>();
    private Value input;

    /** Declares the graph input (NHWC). */
    public Value input(int n, int h, int w, int c) {
        if (input != null) {
            throw new IllegalStateException("graph input declared twice");
        }
        input = value("input", n, h, w, c);
        return input;
    }

    /** A new intermediate value. */
    public Value value(String name, int n, int h, int w, int c) {
        Value v = new Value(values.size(), name, n, h, w, c);
        values.add(v);
        return v;
    }

    /**
     * A new value for a 1x1 or depthwise convolution to write: dense, but for a channel count that
     * is a multiple of {@link #PADDED_CHANNELS}, which gets pixels {@link #PIXEL_PADDING} floats
     * further apart (a view of a wider buffer). Pixels a power-of-two multiple of 1 KB apart put the
     * KxK window a depthwise kernel reads into one or two L1 sets, where its lines evict each other:
     * a 3x3 depthwise over 14x14x512 took 46 us, 21 us with the padded stride (7x7x1024: 30 -> 11).
     * Single pixels (after a global pool) stay dense, as fully connected layers need.
     */
    public Value activation(String name, int n, int h, int w, int c) {
        if (c % PADDED_CHANNELS != 0 || h * w == 1) {
            return value(name, n, h, w, c);
        }
        return view(value(name + " (padded)", n, h, w, c + PIXEL_PADDING), name, 0, c);
    }

    /** Channels [offset, offset + c) of {@code base}: a concat's part or a split's half. */
    public Value view(Value base, String name, int offset, int c) {
        return view(base, name, offset, 1, c);
    }

    /** {@code c} channels of {@code base} at offset, offset + stride, ...: a shuffled concat's part. */
    public Value view(Value base, String name, int offset, int stride, int c) {
        Value v = new Value(values.size(), name, base.n, base.h, base.w, c, base, offset, stride);
        values.add(v);
        return v;
    }

    public <T extends Op> T add(T op) {
        ops.add(op);
        return op;
    }

    public Graph build(Value output) {
        if (input == null) {
            throw new IllegalStateException("graph has no input");
        }
        return new Graph(input, output, ops, values);
    }
}
