package org.edgenet.weights;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * A tensor as a pickle describes it: a storage plus offset, shape and strides (in elements). Its
 * values are read later, once the storage bytes are at hand. Construction checks that every element
 * the strides can reach lies inside the storage, with arithmetic that cannot overflow.
 */
final class TensorRef {
    /** PyTorch supports at most 64 dimensions. */
    static final int MAX_RANK = 64;
    /** A Java array holds at most about this many elements. */
    static final long MAX_NUMEL = Integer.MAX_VALUE - 8;

    final StorageRef storage;
    final long offset;
    final int[] shape;
    final long[] stride;
    final int numel;

    private TensorRef(StorageRef storage, long offset, int[] shape, long[] stride, int numel) {
        this.storage = storage;
        this.offset = offset;
        this.shape = shape;
        this.stride = stride;
        this.numel = numel;
    }

    /** Validates the arguments of torch._utils._rebuild_tensor(storage, storage_offset, size, stride). */
    static TensorRef rebuild(Object storage, Object offset, Object size, Object stride) throws InvalidPickleException {
        if (!(storage instanceof StorageRef)) {
            throw new InvalidPickleException("tensor rebuild expects a storage, got " + PyObjects.typeName(storage));
        }
        StorageRef st = (StorageRef) storage;
        long off = nonNegativeLong(offset, "storage offset");
        long[] sizes = longTuple(size, "size");
        long[] strides = longTuple(stride, "stride");
        if (sizes.length != strides.length) {
            throw new InvalidPickleException("tensor has " + sizes.length + " dimensions but "
                    + strides.length + " strides");
        }
        int[] shape = new int[sizes.length];
        long numel = 1;
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 0) {
                throw new InvalidPickleException("tensor has a negative size " + sizes[i]
                        + " in shape " + Arrays.toString(sizes));
            }
            if (strides[i] < 0) {
                throw new InvalidPickleException("tensor has a negative stride " + strides[i]
                        + " in strides " + Arrays.toString(strides));
            }
            // Once a factor is 0 the product stays 0; otherwise it never exceeds MAX_NUMEL here.
            if (sizes[i] > MAX_NUMEL || (numel != 0 && sizes[i] > MAX_NUMEL / numel)) {
                throw new InvalidPickleException("tensor of shape " + Arrays.toString(sizes)
                        + " has more elements than a Java array can hold");
            }
            numel *= sizes[i];
            shape[i] = (int) sizes[i];
        }
        if (numel > 0) {
            // The last element reachable is offset + sum((size-1)*stride); it must exist in storage.
            BigInteger last = BigInteger.valueOf(off);
            for (int i = 0; i < sizes.length; i++) {
                last = last.add(BigInteger.valueOf(sizes[i] - 1).multiply(BigInteger.valueOf(strides[i])));
            }
            if (last.compareTo(BigInteger.valueOf(st.numel)) >= 0) {
                throw new InvalidPickleException("tensor of shape " + Arrays.toString(sizes) + ", strides "
                        + Arrays.toString(strides) + " and offset " + off + " reaches element " + last
                        + " but its " + st + " has only " + st.numel + " elements");
            }
        }
        return new TensorRef(st, off, shape, strides, (int) numel);
    }

    /** True when the elements lie in row-major order with no gaps, so they can be copied in one run. */
    boolean isContiguous() {
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    private static long nonNegativeLong(Object o, String what) throws InvalidPickleException {
        if (!(o instanceof Long) || (Long) o < 0) {
            throw new InvalidPickleException("tensor " + what + " must be a non-negative int, got "
                    + (o instanceof Long || o instanceof BigInteger ? o : PyObjects.typeName(o)));
        }
        return (Long) o;
    }

    private static long[] longTuple(Object o, String what) throws InvalidPickleException {
        if (!(o instanceof PyObjects.PyTuple)) {
            throw new InvalidPickleException("tensor " + what + " must be a tuple, got " + PyObjects.typeName(o));
        }
        PyObjects.PyTuple t = (PyObjects.PyTuple) o;
        if (t.size() > MAX_RANK) {
            throw new InvalidPickleException("tensor has " + t.size() + " dimensions; at most " + MAX_RANK
                    + " are supported");
        }
        long[] out = new long[t.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = t.get(i);
            if (!(v instanceof Long)) {
                throw new InvalidPickleException("tensor " + what + " holds "
                        + (v instanceof BigInteger ? "the out-of-range int " + v : PyObjects.aTypeName(v))
                        + " where an int belongs");
            }
            out[i] = (Long) v;
        }
        return out;
    }
}
