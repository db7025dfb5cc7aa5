package org.edgenet.weights;

/**
 * The element type a tensor had in its file. Every type is converted to float32 on load; this keeps
 * the original so that callers can tell, for example, an int64 counter from a float weight.
 * Names follow safetensors ("F32", "BF16", ...).
 */
public enum DType {
    F32(4), F16(2), BF16(2), F64(8), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element in the file. */
    public int byteSize() {
        return byteSize;
    }

    /** True for F32, F16, BF16 and F64. */
    public boolean isFloatingPoint() {
        return this == F32 || this == F16 || this == BF16 || this == F64;
    }

    /** The type for a safetensors dtype string, or null when it is not one this library reads. */
    static DType fromSafetensorsName(String name) {
        for (DType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
