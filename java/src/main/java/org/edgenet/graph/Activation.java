package org.edgenet.graph;

/** Activations fused into kernel epilogues; {@link #code} is the native EN_ACT_* value. */
public enum Activation {
    NONE(0),
    RELU(1),
    RELU6(2);

    public final int code;

    Activation(int code) {
        this.code = code;
    }

    public float apply(float x) {
        switch (this) {
            case RELU:
                return x > 0f ? x : 0f;
            case RELU6:
                return Math.min(Math.max(x, 0f), 6f);
            default:
                return x;
        }
    }
}
