package org.edgenet.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Converts stored elements of any supported type to float32, following a tensor's offset and
 * strides so that views (transposes, slices, expanded dimensions) come out contiguous.
 */
final class TensorDecoder {
    private TensorDecoder() {}

    /**
     * The values of {@code t}, read from {@code storage}: the bytes of t's storage, element 0 at
     * index 0, little-endian. The caller has checked (in {@link TensorRef#rebuild}) that every element
     * the strides reach lies inside.
     */
    static float[] decode(TensorRef t, ByteBuffer storage) {
        ByteBuffer b = storage.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[t.numel];
        if (t.numel == 0) {
            return out;
        }
        DType type = t.storage.dtype;
        if (t.isContiguous()) {
            decodeRun(b, type, t.offset, 1, out, 0, t.numel);
            return out;
        }
        // Odometer over all but the innermost dimension; each step decodes one strided row.
        int rank = t.shape.length;
        int inner = rank == 0 ? 1 : t.shape[rank - 1];
        long innerStride = rank == 0 ? 1 : t.stride[rank - 1];
        int[] index = new int[Math.max(rank - 1, 0)];
        long base = t.offset;
        for (int written = 0; written < out.length; written += inner) {
            decodeRun(b, type, base, innerStride, out, written, inner);
            for (int d = rank - 2; d >= 0; d--) {
                if (++index[d] < t.shape[d]) {
                    base += t.stride[d];
                    break;
                }
                base -= (long) (t.shape[d] - 1) * t.stride[d];
                index[d] = 0;
            }
        }
        return out;
    }

    /** Decodes {@code count} contiguous elements starting {@code firstElement} elements into bytes. */
    static float[] decodeContiguous(ByteBuffer bytes, DType type, long firstElement, int count) {
        float[] out = new float[count];
        decodeRun(bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN), type, firstElement, 1, out, 0, count);
        return out;
    }

    private static void decodeRun(ByteBuffer b, DType type, long first, long step, float[] out, int at, int count) {
        int size = type.byteSize();
        if (type == DType.F32 && step == 1) {
            b.position(Math.toIntExact(first * 4));
            b.asFloatBuffer().get(out, at, count);
            return;
        }
        for (int i = 0; i < count; i++) {
            int p = Math.toIntExact((first + i * step) * size);
            out[at + i] = element(b, type, p);
        }
    }

    private static float element(ByteBuffer b, DType type, int p) {
        switch (type) {
            case F32: return b.getFloat(p);
            case F64: return (float) b.getDouble(p);
            case F16: return halfToFloat(b.getShort(p));
            case BF16: return Float.intBitsToFloat((b.getShort(p) & 0xffff) << 16);
            case I64: return (float) b.getLong(p);
            case I32: return (float) b.getInt(p);
            case I16: return b.getShort(p);
            case I8: return b.get(p);
            case U8: return b.get(p) & 0xff;
            case BOOL: return b.get(p) != 0 ? 1f : 0f;
            default: throw new IllegalStateException("no decoder for " + type);
        }
    }

    /** IEEE 754 binary16 to binary32, exact for every value including subnormals, inf and NaN. */
    static float halfToFloat(short h) {
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) { // inf or NaN, keeping the NaN payload
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) { // zero or subnormal: mantissa * 2^-24, exact in float
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
