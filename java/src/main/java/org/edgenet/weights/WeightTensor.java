package org.edgenet.weights;

import java.util.Arrays;
import java.util.Objects;

/**
 * One named tensor from a weights file: its shape, its values as contiguous row-major float32, and
 * the element type it had in the file. A scalar has the shape {@code []} and one value.
 *
 * <p>{@link #data()} returns the array itself, not a copy, so that loading a network does not double
 * its memory; treat it as read-only.
 */
public final class WeightTensor {
    private final String name;
    private final int[] shape;
    private final float[] data;
    private final DType dtype;

    /** A float32 tensor. */
    public WeightTensor(String name, int[] shape, float[] data) {
        this(name, shape, data, DType.F32);
    }

    /**
     * @param dtype the element type the values had in the file (they are float32 now)
     * @throws IllegalArgumentException if a dimension is negative or data's length is not the
     *     product of the shape
     */
    public WeightTensor(String name, int[] shape, float[] data, DType dtype) {
        this.name = Objects.requireNonNull(name, "name");
        this.shape = shape.clone();
        this.data = Objects.requireNonNull(data, "data");
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        long n = numel(this.shape);
        if (n != data.length) {
            throw new IllegalArgumentException("tensor '" + name + "' of shape " + Arrays.toString(shape)
                    + " needs " + n + " values, got " + data.length);
        }
    }

    public String name() {
        return name;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** The values, row-major and contiguous; the array is shared, not copied. */
    public float[] data() {
        return data;
    }

    /** The element type in the file. */
    public DType dtype() {
        return dtype;
    }

    /** The number of elements (1 for a scalar). */
    public int numel() {
        return data.length;
    }

    /** True if this tensor's shape equals {@code expected}. */
    public boolean hasShape(int... expected) {
        return Arrays.equals(shape, expected);
    }

    /** Product of the dimensions; throws on a negative dimension or a product past int range. */
    static long numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than "
                        + Integer.MAX_VALUE + " elements");
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return name + " " + Arrays.toString(shape) + " " + dtype;
    }
}
