package org.edgenet.weights;

import org.edgenet.graph.ParameterSource;

/**
 * A weights file as the graph builder's {@link ParameterSource}: strict binding by PyTorch key and
 * shape, and no NaN or infinity let through into a network.
 */
public final class StateDictParameters implements ParameterSource {
    private final WeightBinder binder;
    private final String source;

    public StateDictParameters(StateDict dict) {
        this(dict, key -> key);
    }

    /** Tensors renamed by {@code fileKeyToCanonical} (an architecture's key scheme map). */
    public StateDictParameters(StateDict dict, java.util.function.Function<String, String> fileKeyToCanonical) {
        this.binder = new WeightBinder(dict, fileKeyToCanonical);
        this.source = dict.source();
    }

    @Override
    public float[] take(String key, int... shape) {
        float[] values = binder.take(key, shape);
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new WeightsMismatchException("tensor '" + key + "' in " + source + " holds " + values[i]
                        + " at index " + i + ": weights must be finite");
            }
        }
        return values;
    }

    @Override
    public void ignore(String key) {
        binder.ignore(key::equals);
    }

    @Override
    public void finish() {
        binder.finish();
    }

    @Override
    public String describe() {
        return "weights from " + source;
    }
}
