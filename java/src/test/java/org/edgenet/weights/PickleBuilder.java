package org.edgenet.weights;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/** Writes pickles opcode by opcode, to build well-formed and hostile inputs without Python. */
final class PickleBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PickleBuilder op(int code) {
        out.write(code);
        return this;
    }

    PickleBuilder raw(byte... bytes) {
        out.writeBytes(bytes);
        return this;
    }

    PickleBuilder u8(int v) {
        return op(v & 0xff);
    }

    PickleBuilder u16(int v) {
        return u8(v).u8(v >>> 8);
    }

    PickleBuilder u32(long v) {
        for (int i = 0; i < 4; i++) {
            u8((int) (v >>> (8 * i)));
        }
        return this;
    }

    PickleBuilder u64(long v) {
        for (int i = 0; i < 8; i++) {
            u8((int) (v >>> (8 * i)));
        }
        return this;
    }

    PickleBuilder proto(int version) {
        return op(0x80).u8(version);
    }

    PickleBuilder stop() {
        return op('.');
    }

    PickleBuilder mark() {
        return op('(');
    }

    PickleBuilder none() {
        return op('N');
    }

    PickleBuilder bool(boolean b) {
        return op(b ? 0x88 : 0x89);
    }

    /** The shortest int opcode, as Python's pickler picks it. */
    PickleBuilder integer(long v) {
        if (v >= 0 && v < 256) {
            return op('K').u8((int) v);
        }
        if (v >= 0 && v < 65536) {
            return op('M').u16((int) v);
        }
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            return op('J').u32(v);
        }
        return long1(BigInteger.valueOf(v));
    }

    PickleBuilder long1(BigInteger v) {
        byte[] be = v.toByteArray();
        op(0x8a).u8(be.length);
        for (int i = be.length - 1; i >= 0; i--) {
            u8(be[i]);
        }
        return this;
    }

    PickleBuilder binfloat(double d) {
        long bits = Double.doubleToRawLongBits(d);
        op('G');
        for (int i = 7; i >= 0; i--) {
            u8((int) (bits >>> (8 * i)));
        }
        return this;
    }

    PickleBuilder unicode(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return op('X').u32(b.length).raw(b);
    }

    PickleBuilder shortUnicode(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return op(0x8c).u8(b.length).raw(b);
    }

    PickleBuilder global(String module, String name) {
        return op('c').raw((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
    }

    PickleBuilder stackGlobal(String module, String name) {
        return shortUnicode(module).shortUnicode(name).op(0x93);
    }

    PickleBuilder emptyTuple() {
        return op(')');
    }

    PickleBuilder tuple() {
        return op('t');
    }

    PickleBuilder tuple1() {
        return op(0x85);
    }

    PickleBuilder tuple2() {
        return op(0x86);
    }

    PickleBuilder tuple3() {
        return op(0x87);
    }

    PickleBuilder emptyList() {
        return op(']');
    }

    PickleBuilder append() {
        return op('a');
    }

    PickleBuilder appends() {
        return op('e');
    }

    PickleBuilder emptyDict() {
        return op('}');
    }

    PickleBuilder setitem() {
        return op('s');
    }

    PickleBuilder setitems() {
        return op('u');
    }

    PickleBuilder reduce() {
        return op('R');
    }

    PickleBuilder build() {
        return op('b');
    }

    PickleBuilder binput(int i) {
        return op('q').u8(i);
    }

    PickleBuilder longBinput(long i) {
        return op('r').u32(i);
    }

    PickleBuilder binget(int i) {
        return op('h').u8(i);
    }

    PickleBuilder memoize() {
        return op(0x94);
    }

    PickleBuilder binpersid() {
        return op('Q');
    }

    /** collections.OrderedDict() on the stack. */
    PickleBuilder orderedDict() {
        return global("collections", "OrderedDict").emptyTuple().reduce();
    }

    /** The zip format's persistent id ('storage', torch.&lt;cls&gt;, key, 'cpu', numel), resolved. */
    PickleBuilder zipStorage(String storageClass, String key, long numel) {
        return mark().unicode("storage").global("torch", storageClass).unicode(key).unicode("cpu")
                .integer(numel).tuple().binpersid();
    }

    /** The legacy format's persistent id, with no view. */
    PickleBuilder legacyStorage(String storageClass, String key, long numel) {
        return mark().unicode("storage").global("torch", storageClass).unicode(key).unicode("cpu")
                .integer(numel).none().tuple().binpersid();
    }

    PickleBuilder longs(long... values) {
        mark();
        for (long v : values) {
            integer(v);
        }
        return tuple();
    }

    /** torch._utils._rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict()). */
    PickleBuilder tensorV2(Runnable storage, long offset, long[] size, long[] stride) {
        global("torch._utils", "_rebuild_tensor_v2").mark();
        storage.run();
        return integer(offset).longs(size).longs(stride).bool(false).orderedDict().tuple().reduce();
    }

    /** A contiguous float32 tensor of the given shape over zip storage {@code key}. */
    PickleBuilder zipFloatTensor(String key, long storageNumel, long offset, long... shape) {
        return tensorV2(() -> zipStorage("FloatStorage", key, storageNumel), offset, shape, contiguousStrides(shape));
    }

    static long[] contiguousStrides(long... shape) {
        long[] stride = new long[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            stride[i] = s;
            s *= shape[i];
        }
        return stride;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    int size() {
        return out.size();
    }
}
