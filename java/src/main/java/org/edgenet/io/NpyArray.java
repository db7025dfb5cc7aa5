package org.edgenet.io;

import java.util.Arrays;

/**
 * An array read from a .npy file: float32 values in C (row-major) order and the shape.
 * A 0-d array has an empty shape and one value.
 */
public final class NpyArray {
    private final float[] data;
    private final int[] shape;

    /** Wraps {@code data} (not copied); its length must equal the product of {@code shape}. */
    public NpyArray(float[] data, int... shape) {
        checkShape(data, shape);
        this.data = data;
        this.shape = shape.clone();
    }

    /** The values in C order; the array itself, not a copy. */
    public float[] data() {
        return data;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Number of elements. */
    public int size() {
        return data.length;
    }

    @Override
    public String toString() {
        return "NpyArray" + Arrays.toString(shape);
    }

    /** Throws unless {@code data} holds exactly the product of {@code shape} values. */
    static void checkShape(float[] data, int[] shape) {
        long size = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            size *= d;
        }
        if (size != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + size
                    + " values, got " + data.length);
        }
    }
}
