package org.edgenet.graph;

/**
 * Activations fused into kernel epilogues; {@link #code} is the native EN_ACT_* value.
 * {@link #apply} is the scalar definition both backends follow (PyTorch's formulas).
 */
public enum Activation {
    NONE(0),
    RELU(1),
    RELU6(2),
    /** x * relu6(x + 3) / 6 (nn.Hardswish). */
    HSWISH(3),
    /** relu6(x + 3) / 6 (nn.Hardsigmoid). */
    HSIGMOID(4),
    /** x * sigmoid(x) (nn.SiLU, "swish"). */
    SILU(5),
    SIGMOID(6);

    public final int code;

    Activation(int code) {
        this.code = code;
    }

    public float apply(float x) {
        switch (this) {
            case RELU:
                return x > 0f ? x : x == x ? 0f : x;
            case RELU6:
                return relu6(x);
            case HSWISH:
                return x * relu6(x + 3f) / 6f;
            case HSIGMOID:
                return relu6(x + 3f) / 6f;
            case SILU:
                return (float) (x / (1.0 + Math.exp(-x)));
            case SIGMOID:
                return (float) (1.0 / (1.0 + Math.exp(-x)));
            default:
                return x;
        }
    }

    /** min(max(x, 0), 6), passing NaN through. */
    private static float relu6(float x) {
        return x > 6f ? 6f : x > 0f ? x : x == x ? 0f : x;
    }
}
