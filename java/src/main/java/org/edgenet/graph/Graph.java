package org.edgenet.graph;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

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

    /** Every op reads only values defined before it; every value is written once. */
    private void checkOrder() {
        Set<Value> defined = new HashSet<>();
        defined.add(input);
        for (Op op : ops) {
            for (Value v : op.inputs()) {
                if (!defined.contains(v)) {
                    throw new IllegalStateException("op '" + op.name() + "' reads " + v + " before it is written");
                }
            }
            if (!defined.add(op.output())) {
                throw new IllegalStateException("op '" + op.name() + "' writes " + op.output() + " a second time");
            }
        }
        if (!defined.contains(output)) {
            throw new IllegalStateException("graph output " + output + " is never written");
        }
    }
}
