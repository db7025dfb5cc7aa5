package org.edgenet.graph;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A network as a straight list of fused ops over NHWC values, in execution order.
 * The input value is filled from the caller's NCHW tensor before the first op runs.
 */
public final class Graph {
    public final Value input;
    public final Value output;
    public final List<Op> ops;
    public final List<Value> values;

    Graph(Value input, Value output, List<Op> ops, List<Value> values) {
        this.input = input;
        this.output = output;
        this.ops = List.copyOf(ops);
        this.values = List.copyOf(values);
        checkOrder();
    }

    public long macs() {
        return ops.stream().mapToLong(Op::macs).sum();
    }

    public long parameters() {
        return ops.stream().mapToLong(Op::parameters).sum();
    }

    /**
     * Every op reads only channels written before it, and every channel of a buffer is written
     * exactly once (views let several ops write parts of one buffer).
     */
    private void checkOrder() {
        Map<Value, boolean[]> written = new HashMap<>();
        mark(written, input, "the input");
        for (Op op : ops) {
            for (Value v : op.inputs()) {
                boolean[] w = written.get(v.base);
                for (int j = 0; j < v.c; j++) {
                    if (w == null || !w[v.baseChannel(j)]) {
                        throw new IllegalStateException("op '" + op.name() + "' reads " + v + " before it is written");
                    }
                }
            }
            mark(written, op.output(), "op '" + op.name() + "'");
        }
        boolean[] out = written.get(output.base);
        for (int j = 0; j < output.c; j++) {
            if (out == null || !out[output.baseChannel(j)]) {
                throw new IllegalStateException("graph output " + output + " is never written");
            }
        }
    }

    private static void mark(Map<Value, boolean[]> written, Value v, String writer) {
        boolean[] w = written.computeIfAbsent(v.base, b -> new boolean[b.c]);
        for (int j = 0; j < v.c; j++) {
            if (w[v.baseChannel(j)]) {
                throw new IllegalStateException(writer + " writes " + v + " a second time");
            }
            w[v.baseChannel(j)] = true;
        }
    }
}
