package org.edgenet.weights;

import static org.edgenet.weights.PthFiles.assertFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestrictedUnpicklerTest {

    /** Resolves zip-style storage ids without any file behind them. */
    private static final RestrictedUnpickler.PersistentLoader STORAGES = pid -> {
        PyObjects.PyTuple t = PersistentIds.storageTuple(pid, 5, "(zip form)");
        return new StorageRef(PersistentIds.key(t.get(2)), PersistentIds.storageType(t.get(1)),
                PersistentIds.numel(t.get(4)));
    };

    private static Object load(byte[] pickle) throws WeightsFormatException {
        return new RestrictedUnpickler(ByteBuffer.wrap(pickle), 0, "test.pkl", STORAGES).load();
    }

    private static Object load(PickleBuilder p) throws WeightsFormatException {
        return load(p.bytes());
    }

    private static void assertRejected(PickleBuilder p, String... fragments) {
        assertFails(() -> load(p), fragments);
    }

    // ---- values that must come out right ----

    @Test
    void scalars() throws Exception {
        PyObjects.PyTuple t = (PyObjects.PyTuple) load(new PickleBuilder().proto(2).mark()
                .none().bool(true).bool(false).integer(7).integer(300).integer(-5).integer(1L << 40)
                .long1(new BigInteger("1950a86a20f9469cfc6c", 16)).binfloat(-2.5).unicode("héllo")
                .shortUnicode("x").op('C').u8(2).raw((byte) 1, (byte) 2).tuple().stop());
        assertEquals(Arrays.asList(null, true, false, 7L, 300L, -5L, 1L << 40,
                new BigInteger("1950a86a20f9469cfc6c", 16), -2.5, "héllo", "x",
                new PyObjects.PyBytes(new byte[] {1, 2})), t.items);
    }

    @Test
    void negativeLong1AndEmptyLong1() throws Exception {
        assertEquals(-129L, load(new PickleBuilder().proto(2).long1(BigInteger.valueOf(-129)).stop()));
        assertEquals(0L, load(new PickleBuilder().proto(2).op(0x8a).u8(0).stop()));
    }

    @Test
    void containersAndMemo() throws Exception {
        // {'a': [1, 2, 3], 'b': (x, x)} where x is the same list via the memo
        Object v = load(new PickleBuilder().proto(2).emptyDict().binput(0).mark()
                .unicode("a").emptyList().binput(1).integer(1).append().mark().integer(2).integer(3).appends()
                .unicode("b").binget(1).binget(1).tuple2()
                .setitems().stop());
        PyObjects.PyDict d = assertInstanceOf(PyObjects.PyDict.class, v);
        PyObjects.PyList a = (PyObjects.PyList) d.map.get("a");
        assertEquals(List.of(1L, 2L, 3L), a.items);
        PyObjects.PyTuple b = (PyObjects.PyTuple) d.map.get("b");
        assertSame(a, b.get(0));
        assertSame(a, b.get(1));
    }

    @Test
    void protocol4FramesStackGlobalAndMemoize() throws Exception {
        byte[] body = new PickleBuilder().stackGlobal("collections", "OrderedDict").memoize().emptyTuple().reduce()
                .memoize().shortUnicode("k").memoize().integer(1).setitem().stop().bytes();
        PickleBuilder p = new PickleBuilder().proto(4).op(0x95).u64(body.length).raw(body);
        PyObjects.PyDict d = (PyObjects.PyDict) load(p);
        assertEquals(1L, d.map.get("k"));
    }

    @Test
    void rebuildsTensorsAndParameters() throws Exception {
        PickleBuilder good = new PickleBuilder().proto(2).orderedDict().mark()
                .unicode("w").zipFloatTensor("0", 24, 4, 2, 3)
                .unicode("p").global("torch._utils", "_rebuild_parameter").mark()
                .zipFloatTensor("1", 2, 0, 2).bool(true).orderedDict().tuple().reduce()
                .setitems().stop();
        PyObjects.PyDict d = (PyObjects.PyDict) load(good);
        TensorRef w = (TensorRef) d.map.get("w");
        assertArrayEquals(new int[] {2, 3}, w.shape);
        assertEquals(4, w.offset);
        assertEquals(DType.F32, w.storage.dtype);
        TensorRef p = (TensorRef) d.map.get("p");
        assertArrayEquals(new int[] {2}, p.shape);
        assertEquals("1", p.storage.key);
    }

    @Test
    void buildStateOnAStateDictIsIgnored() throws Exception {
        // state_dict()._metadata arrives as BUILD {'_metadata': OrderedDict(...)}
        PyObjects.PyDict d = (PyObjects.PyDict) load(new PickleBuilder().proto(2).orderedDict()
                .unicode("k").integer(1).setitem()
                .emptyDict().unicode("_metadata").orderedDict().setitem().build().stop());
        assertEquals(1, d.map.size());
    }

    @Test
    void readsConsecutivePickles() throws Exception {
        byte[] a = new PickleBuilder().proto(2).integer(1).stop().bytes();
        byte[] b = new PickleBuilder().proto(2).integer(2).stop().bytes();
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        RestrictedUnpickler u = new RestrictedUnpickler(ByteBuffer.wrap(both), 0, "two", null);
        assertEquals(1L, u.load());
        assertEquals(a.length, u.position());
        assertEquals(2L, u.load());
    }

    @Test
    void noneIsNull() throws Exception {
        assertNull(load(new PickleBuilder().proto(2).none().stop()));
    }

    // ---- code execution attempts ----

    @Test
    void globalOsSystemIsRefusedByName() {
        assertRejected(new PickleBuilder().proto(2).global("os", "system").unicode("rm -rf /").tuple1().reduce().stop(),
                "pickle names the global 'os.system', which is not allowed (only tensor-rebuild globals are)",
                "at byte 2 of test.pkl");
    }

    @Test
    void stackGlobalBuiltinsEvalIsRefused() {
        assertRejected(new PickleBuilder().proto(4).stackGlobal("builtins", "eval").unicode("1+1").tuple1().reduce()
                .stop(), "'builtins.eval'", "not allowed");
    }

    @Test
    void otherDangerousGlobalsAreRefused() {
        for (String[] g : new String[][] {{"__builtin__", "getattr"}, {"numpy.core.multiarray", "_reconstruct"},
                {"torch._utils", "_rebuild_device_tensor_from_numpy"}, {"subprocess", "Popen"},
                {"torch", "load"}, {"torchvision.models.mobilenetv2", "MobileNetV2"}}) {
            assertRejected(new PickleBuilder().proto(2).global(g[0], g[1]).stop(), "'" + g[0] + "." + g[1] + "'");
        }
    }

    @Test
    void wholeModelPickleGetsAHint() {
        assertRejected(new PickleBuilder().proto(2).global("torch.nn.modules.conv", "Conv2d").stop(),
                "model.state_dict()");
    }

    @Test
    void reduceOnAStorageClassIsRefused() {
        assertRejected(new PickleBuilder().proto(2).global("torch", "FloatStorage").emptyTuple().reduce().stop(),
                "REDUCE calls torch.FloatStorage");
    }

    @Test
    void reduceOnANonCallableIsRefused() {
        assertRejected(new PickleBuilder().proto(2).unicode("os.system").emptyTuple().reduce().stop(),
                "REDUCE applies a str");
    }

    @Test
    void reduceWithWrongArgumentsIsRefused() {
        assertRejected(new PickleBuilder().proto(2).global("torch._utils", "_rebuild_tensor_v2").emptyTuple().reduce()
                .stop(), "_rebuild_tensor_v2 takes 6 or 7 arguments, got 0");
        assertRejected(new PickleBuilder().proto(2).global("collections", "OrderedDict").integer(3).tuple1().reduce()
                .stop(), "OrderedDict");
    }

    @Test
    void objectBuildingOpcodesAreRefused() {
        assertRejected(new PickleBuilder().proto(2).mark().op('i').raw("os\nsystem\n".getBytes()).stop(), "INST");
        assertRejected(new PickleBuilder().proto(2).op(0x82).u8(1).stop(), "EXT1");
        assertRejected(new PickleBuilder().proto(2).op('P').raw("x\n".getBytes()).stop(), "PERSID");
        assertRejected(new PickleBuilder().proto(2).op(0xff).stop(), "unknown pickle opcode 0xff");
        assertRejected(new PickleBuilder().proto(2).unicode("x").emptyTuple().op(0x81).stop(), "NEWOBJ");
        assertRejected(new PickleBuilder().proto(2).emptyList().emptyDict().build().stop(), "BUILD on a list");
    }

    @Test
    void persistentIdWithoutLoaderIsRefused() {
        assertFails(() -> new RestrictedUnpickler(ByteBuffer.wrap(new PickleBuilder().proto(2).unicode("x")
                .binpersid().stop().bytes()), 0, "p", null).load(), "unexpected persistent id");
    }

    @Test
    void persistentIdOfAnotherKindIsRefused() {
        assertRejected(new PickleBuilder().proto(2).mark().unicode("module").none().tuple().binpersid().stop(),
                "unsupported persistent id kind 'module'");
    }

    // ---- malformed and hostile structure ----

    @Test
    void bingetOfUnsetMemoIndex() {
        assertRejected(new PickleBuilder().proto(2).binget(5).stop(), "memo index 5 is read but was never set");
    }

    @Test
    void longBinputWithHugeIndex() {
        assertRejected(new PickleBuilder().proto(2).none().longBinput(0xfffffff0L).stop(), "memo index 4294967280",
                "limit");
    }

    @Test
    void binunicodeClaiming2GiB() {
        assertRejected(new PickleBuilder().proto(2).op('X').u32(1L << 31).raw("abc".getBytes()).stop(),
                "BINUNICODE claims 2147483648 bytes but only 4 remain");
    }

    @Test
    void hugeLengthsOfEveryKind() {
        assertRejected(new PickleBuilder().proto(4).op(0x8d).u64(-1L).stop(), "BINUNICODE8 claims 18446744073709551615");
        assertRejected(new PickleBuilder().proto(4).op(0x8e).u64(1L << 40).stop(), "BINBYTES8 claims");
        assertRejected(new PickleBuilder().proto(2).op('B').u32(0xffffffffL).stop(), "BINBYTES claims");
        assertRejected(new PickleBuilder().proto(2).op('T').u32(-5).stop(), "BINSTRING claims");
        assertRejected(new PickleBuilder().proto(4).op(0x95).u64(1L << 50).stop(), "FRAME claims");
        assertRejected(new PickleBuilder().proto(2).op(0x8b).u32(1L << 30).stop(), "LONG4 of 1073741824 bytes");
    }

    @Test
    void invalidUtf8() {
        assertRejected(new PickleBuilder().proto(2).op('X').u32(2).raw((byte) 0xc3, (byte) 0x28).stop(),
                "not valid UTF-8");
    }

    @Test
    void markWithoutEnd() {
        assertRejected(new PickleBuilder().proto(2).mark().integer(1).stop(), "MARK(s) never closed");
        assertRejected(new PickleBuilder().proto(2).mark().integer(1), "ends without a STOP");
    }

    @Test
    void deepNestingIsRefused() {
        PickleBuilder marks = new PickleBuilder().proto(2);
        for (int i = 0; i < 100_000; i++) {
            marks.mark();
        }
        assertRejected(marks.stop(), "more than 200 nested MARKs");

        PickleBuilder tuples = new PickleBuilder().proto(2).emptyTuple();
        for (int i = 0; i < 100_000; i++) {
            tuples.tuple1();
        }
        assertRejected(tuples.stop(), "nested more than 200 levels");

        PickleBuilder lists = new PickleBuilder().proto(2);
        for (int i = 0; i < 100_000; i++) {
            lists.emptyList();
        }
        for (int i = 0; i < 100_000 - 1; i++) {
            lists.append();
        }
        assertRejected(lists.stop(), "nested more than 200 levels");
    }

    @Test
    void selfReferenceCannotGrowForever() {
        // l = []; l.append(l) many times: each append makes it "deeper"
        PickleBuilder p = new PickleBuilder().proto(2).emptyList().binput(0);
        for (int i = 0; i < 1000; i++) {
            p.binget(0).append();
        }
        assertRejected(p.stop(), "nested more than 200 levels");
    }

    @Test
    void stackMisuse() {
        assertRejected(new PickleBuilder().proto(2).stop(), "0 values on the stack");
        assertRejected(new PickleBuilder().proto(2).integer(1).integer(2).stop(), "2 values on the stack");
        assertRejected(new PickleBuilder().proto(2).tuple2().stop(), "stack underflow");
        assertRejected(new PickleBuilder().proto(2).integer(1).mark().append().stop(), "stack underflow");
        assertRejected(new PickleBuilder().proto(2).tuple().stop(), "TUPLE without a preceding MARK");
        assertRejected(new PickleBuilder().proto(2).integer(1).integer(2).append().stop(), "APPEND on an int");
        assertRejected(new PickleBuilder().proto(2).emptyList().integer(1).integer(2).setitem().stop(),
                "SETITEM on a list");
        assertRejected(new PickleBuilder().proto(2).emptyDict().emptyList().integer(2).setitem().stop(),
                "dict key of type list is not hashable");
        assertRejected(new PickleBuilder().proto(9).none().stop(), "unsupported pickle protocol 9");
        assertRejected(new PickleBuilder().proto(2).op('c').raw("os".getBytes()), "GLOBAL name runs past the end");
        assertRejected(new PickleBuilder().proto(2).op('c').raw(new byte[5000]), "not terminated by a newline");
    }

    @Test
    void everyTruncationOfAValidPickleFailsCleanly() {
        byte[] full = new PickleBuilder().proto(2).orderedDict().unicode("w").zipFloatTensor("0", 24, 4, 2, 3)
                .unicode("n").long1(BigInteger.TEN.pow(30)).setitems().stop().bytes();
        for (int cut = 0; cut < full.length; cut++) {
            byte[] part = Arrays.copyOf(full, cut);
            assertFails(() -> load(part));
        }
    }

    // ---- tensors that do not fit their storage ----

    @Test
    void tensorLargerThanItsStorage() {
        assertRejected(new PickleBuilder().proto(2).zipFloatTensor("0", 6, 0, 2, 4).stop(),
                "reaches element 7", "has only 6 elements");
        assertRejected(new PickleBuilder().proto(2).zipFloatTensor("0", 6, 1, 2, 3).stop(), "reaches element 6");
    }

    @Test
    void tensorWithOverflowingExtent() {
        // strides chosen so that a 64-bit sum would wrap around
        PickleBuilder p = new PickleBuilder().proto(2);
        p.tensorV2(() -> p.zipStorage("FloatStorage", "0", 10), 0, new long[] {3, 3},
                new long[] {Long.MAX_VALUE / 2, Long.MAX_VALUE / 2});
        assertRejected(p.stop(), "has only 10 elements");
    }

    @Test
    void negativeStrideSizeAndOffset() {
        PickleBuilder a = new PickleBuilder().proto(2);
        a.tensorV2(() -> a.zipStorage("FloatStorage", "0", 6), 5, new long[] {2, 3}, new long[] {-3, 1});
        assertRejected(a.stop(), "negative stride -3");
        PickleBuilder b = new PickleBuilder().proto(2);
        b.tensorV2(() -> b.zipStorage("FloatStorage", "0", 6), 0, new long[] {-2, 3}, new long[] {3, 1});
        assertRejected(b.stop(), "negative size -2");
        PickleBuilder c = new PickleBuilder().proto(2);
        c.tensorV2(() -> c.zipStorage("FloatStorage", "0", 6), -1, new long[] {2}, new long[] {1});
        assertRejected(c.stop(), "storage offset must be a non-negative int");
    }

    @Test
    void tensorTooLargeForAJavaArray() {
        PickleBuilder p = new PickleBuilder().proto(2);
        p.tensorV2(() -> p.zipStorage("FloatStorage", "0", 1), 0, new long[] {1L << 20, 1L << 20},
                new long[] {0, 0});
        assertRejected(p.stop(), "more elements than a Java array can hold");
    }

    @Test
    void storageTypeMustBeATorchStorage() {
        assertRejected(new PickleBuilder().proto(2).mark().unicode("storage").global("collections", "OrderedDict")
                .unicode("0").unicode("cpu").integer(1).tuple().binpersid().stop(), "storage type");
    }
}
