package org.edgenet.graph;

import java.util.ArrayList;
import java.util.List;

/** Collects values and ops while an architecture table is walked. */
public final class GraphBuilder {
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
