package org.edgenet;

import java.util.Arrays;
import org.bytedeco.javacpp.FloatPointer;

/**
 * A float32 tensor in native (off-heap) memory, freed by {@link #close()}.
 * Inputs follow PyTorch's NCHW convention; the shape is fixed at creation.
 */
public final class Tensor implements AutoCloseable {
    private final int[] shape;
    private final long size;
    private FloatPointer data;

    private Tensor(int[] shape) {
        this.shape = shape.clone();
        this.size = checkedSize(shape);
        this.data = new FloatPointer(size);
        if (data.isNull()) {
            throw new OutOfMemoryError("cannot allocate a tensor of shape " + Arrays.toString(shape));
        }
        data.zero();
    }

    /** A zero-filled tensor. */
    public static Tensor zeros(int... shape) {
        return new Tensor(shape);
    }

    /** A tensor holding a copy of {@code values}, whose length must equal the product of {@code shape}. */
    public static Tensor of(float[] values, int... shape) {
        long size = checkedSize(shape);
        if (values.length != size) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + size
                    + " values, got " + values.length);
        }
        Tensor t = new Tensor(shape);
        t.data.put(values);
        return t;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int i) {
        return shape[i];
    }

    /** Number of elements. */
    public long size() {
        return size;
    }

    /** Copies all elements out, in row-major order. */
    public float[] toArray() {
        float[] out = new float[Math.toIntExact(size)];
        pointer().get(out);
        return out;
    }

    /** Overwrites all elements from {@code values} (same length). */
    public void copyFrom(float[] values) {
        if (values.length != size) {
            throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " holds " + size
                    + " values, got " + values.length);
        }
        pointer().put(values);
    }

    /** The native memory; valid until {@link #close()}. For the backends, not for users. */
    public FloatPointer pointer() {
        if (data == null) {
            throw new IllegalStateException("tensor " + Arrays.toString(shape) + " is closed");
        }
        return data;
    }

    public boolean isClosed() {
        return data == null;
    }

    @Override
    public void close() {
        if (data != null) {
            data.close();
            data = null;
        }
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape) + (data == null ? " (closed)" : "");
    }

    private static long checkedSize(int[] shape) {
        if (shape.length == 0) {
            throw new IllegalArgumentException("a tensor needs at least one dimension");
        }
        long size = 1;
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException("tensor dimensions must be positive: " + Arrays.toString(shape));
            }
            size = Math.multiplyExact(size, d);
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor too large: " + Arrays.toString(shape));
        }
        return size;
    }
}
