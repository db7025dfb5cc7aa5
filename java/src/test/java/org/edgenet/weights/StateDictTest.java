package org.edgenet.weights;

import static org.edgenet.weights.PthFiles.assertUnreadable;
import static org.edgenet.weights.PthFiles.floats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading .pth files built in Java: both formats, views, and the checkpoint unwrapping rule. */
class StateDictTest {
    @TempDir
    Path dir;

    /** A zip .pth whose data.pkl is {@code pickle} and whose storage "0" holds 0..5 as float32. */
    private Path zipWith(String name, PickleBuilder pickle) throws IOException {
        return PthFiles.zip(dir.resolve(name), "archive", pickle.bytes(), Map.of("0", floats(0, 1, 2, 3, 4, 5)));
    }

    /** Pushes a [2, 3] tensor over storage "0". */
    private static PickleBuilder tensor(PickleBuilder p) {
        return p.zipFloatTensor("0", 6, 0, 2, 3);
    }

    @Test
    void readsAZipFileWithAnyFolderName() throws Exception {
        Path file = PthFiles.smallZip(dir.resolve("small.bin"));
        StateDict sd = StateDict.read(file);
        assertEquals(StateDict.Format.PYTORCH_ZIP, sd.format());
        assertEquals(List.of("w"), List.copyOf(sd.names()));
        WeightTensor w = sd.get("w");
        assertArrayEquals(new int[] {2, 3}, w.shape());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, w.data());
        assertEquals(DType.F32, w.dtype());
        assertEquals(file.toString(), sd.source());
        assertNull(sd.get("missing"));
    }

    @Test
    void readsDeflatedRecords() throws Exception {
        byte[] pickle = new PickleBuilder().proto(2).emptyDict().unicode("w").zipFloatTensor("0", 6, 0, 6)
                .setitem().stop().bytes();
        Path file = dir.resolve("deflated.pth");
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            zip.putNextEntry(new ZipEntry("x/data.pkl"));
            zip.write(pickle);
            zip.putNextEntry(new ZipEntry("x/data/0"));
            zip.write(floats(5, 4, 3, 2, 1, 0));
        }
        assertArrayEquals(new float[] {5, 4, 3, 2, 1, 0}, StateDict.read(file).get("w").data());
    }

    @Test
    void sharedStorageAndStridedViews() throws Exception {
        PickleBuilder p = new PickleBuilder().proto(2).orderedDict().mark();
        p.unicode("t");
        p.tensorV2(() -> p.zipStorage("FloatStorage", "0", 6), 0, new long[] {3, 2}, new long[] {1, 3});
        p.unicode("tail");
        p.tensorV2(() -> p.zipStorage("FloatStorage", "0", 6), 4, new long[] {2}, new long[] {1});
        p.unicode("rep");
        p.tensorV2(() -> p.zipStorage("FloatStorage", "0", 6), 1, new long[] {2, 2}, new long[] {0, 2});
        StateDict sd = StateDict.read(zipWith("views.pth", p.setitems().stop()));
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, sd.get("t").data());
        assertArrayEquals(new float[] {4, 5}, sd.get("tail").data());
        assertArrayEquals(new float[] {1, 3, 1, 3}, sd.get("rep").data());
    }

    @Test
    void readsALegacyFile() throws Exception {
        PickleBuilder p = new PickleBuilder().proto(2).orderedDict().mark().unicode("a");
        p.tensorV2(() -> p.legacyStorage("FloatStorage", "140", 6), 0, new long[] {3, 2}, new long[] {2, 1});
        p.unicode("b");
        p.tensorV2(() -> p.legacyStorage("LongStorage", "99", 2), 1, new long[0], new long[0]);
        p.setitems().stop();
        byte[] longs = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(7).putLong(-9).array();
        Path file = PthFiles.legacy(dir.resolve("legacy.pth"), p.bytes(), true,
                PthFiles.floatStorage("140", 0, 1, 2, 3, 4, 5), new PthFiles.Storage("99", 8, longs));

        StateDict sd = StateDict.read(file);
        assertEquals(StateDict.Format.PYTORCH_LEGACY, sd.format());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, sd.get("a").data());
        assertArrayEquals(new int[0], sd.get("b").shape());
        assertArrayEquals(new float[] {-9}, sd.get("b").data());
        assertEquals(DType.I64, sd.get("b").dtype());
    }

    @Test
    void legacyStorageViewsFromOldPyTorch() throws Exception {
        // ('storage', FloatStorage, 'root', 'cpu', 6, ('view', 2, 3)): a window on root elements 2..4;
        // the tensor (offset 1, size 2) takes its last two
        PickleBuilder p = new PickleBuilder().proto(2).emptyDict().unicode("v");
        p.tensorV2(() -> p.mark().unicode("storage").global("torch", "FloatStorage").unicode("root").unicode("cpu")
                .integer(6).unicode("view").integer(2).integer(3).tuple3().tuple().binpersid(),
                1, new long[] {2}, new long[] {1});
        p.setitem().stop();
        Path file = PthFiles.legacy(dir.resolve("views.pth"), p.bytes(), true,
                PthFiles.floatStorage("root", 0, 1, 2, 3, 4, 5));
        assertArrayEquals(new float[] {3, 4}, StateDict.read(file).get("v").data());
    }

    // ---- the unwrapping rule ----

    @Test
    void aStateDictIgnoresItsNonTensorEntries() throws Exception {
        PickleBuilder p = new PickleBuilder().proto(2).orderedDict().mark().unicode("version").integer(2)
                .unicode("w");
        StateDict sd = StateDict.read(zipWith("sd.pth", tensor(p).unicode("note").unicode("x").setitems().stop()));
        assertEquals(List.of("w"), List.copyOf(sd.names()));
    }

    @Test
    void unwrapsATrainingCheckpointAndStripsDataParallel() throws Exception {
        PickleBuilder p = new PickleBuilder().proto(2).emptyDict().mark().unicode("epoch").integer(3)
                .unicode("state_dict").orderedDict().mark().unicode("module.a");
        tensor(p).unicode("module.b");
        tensor(p).setitems().setitems().stop();
        Path file = zipWith("ckpt.pth", p);
        StateDict sd = StateDict.read(file);
        assertEquals(List.of("a", "b"), List.copyOf(sd.names()));
        assertEquals(file + " [state_dict]", sd.source());
    }

    @Test
    void unwrapsNestedWrappers() throws Exception {
        PickleBuilder p = new PickleBuilder().proto(2).emptyDict().unicode("model").emptyDict().unicode("module")
                .emptyDict().unicode("w");
        tensor(p).setitem().setitem().setitem().stop();
        StateDict sd = StateDict.read(zipWith("nested.pth", p));
        assertEquals(List.of("w"), List.copyOf(sd.names()));
        assertEquals(true, sd.source().endsWith(" [model.module]"));
    }

    @Test
    void prefersStateDictOverEmaUnlessAsked() throws Exception {
        PickleBuilder p = new PickleBuilder().proto(2).emptyDict().mark()
                .unicode("state_dict_ema").emptyDict().unicode("ema_only");
        tensor(p).setitem().unicode("state_dict").emptyDict().unicode("plain_only");
        tensor(p).setitem().setitems().stop();
        Path file = zipWith("ema.pth", p);
        assertEquals(List.of("plain_only"), List.copyOf(StateDict.read(file).names()));
        assertEquals(List.of("ema_only"), List.copyOf(StateDict.read(file, "state_dict_ema").names()));
        PthFiles.assertFails(() -> StateDict.read(file, "nope"), "no dict entry 'nope'", "'state_dict_ema': dict");
    }

    @Test
    void theSameDictUnderTwoKeysIsNotAmbiguous() throws Exception {
        PickleBuilder p = new PickleBuilder().proto(2).emptyDict().mark().unicode("model").emptyDict().binput(7)
                .unicode("w");
        tensor(p).setitem().unicode("state_dict").binget(7).setitems().stop();
        assertEquals(List.of("w"), List.copyOf(StateDict.read(zipWith("shared.pth", p)).names()));
    }

    @Test
    void ambiguousCheckpointsAskForAKey() throws Exception {
        PickleBuilder p = new PickleBuilder().proto(2).emptyDict().mark().unicode("student").emptyDict()
                .unicode("w");
        tensor(p).setitem().unicode("teacher").emptyDict().unicode("w");
        tensor(p).setitem().setitems().stop();
        assertUnreadable(zipWith("two.pth", p), "several dicts of tensors [student, teacher]",
                "StateDict.read(path, key)");
    }

    @Test
    void noTensorsAtAll() throws Exception {
        PickleBuilder p = new PickleBuilder().proto(2).emptyDict().mark().unicode("epoch").integer(3)
                .unicode("optimizer").emptyDict().setitems().stop();
        assertUnreadable(zipWith("none.pth", p), "found no tensors", "'epoch': int", "'optimizer': dict");
        assertUnreadable(zipWith("list.pth", new PickleBuilder().proto(2).emptyList().stop()),
                "holds a list, not a dict of tensors");
    }

    @Test
    void moduleIsOnlyStrippedWhenEveryKeyHasIt() throws Exception {
        PickleBuilder p = new PickleBuilder().proto(2).emptyDict().mark().unicode("module.a");
        tensor(p).unicode("b");
        tensor(p).setitems().stop();
        assertEquals(List.of("module.a", "b"), List.copyOf(StateDict.read(zipWith("mixed.pth", p)).names()));
    }

    @Test
    void inMemoryStateDict() {
        StateDict sd = StateDict.of(Map.of("x", new WeightTensor("x", new int[] {1}, new float[] {3})), "mem");
        assertEquals(StateDict.Format.IN_MEMORY, sd.format());
        assertEquals("mem", sd.source());
        assertEquals(1, sd.size());
    }
}
