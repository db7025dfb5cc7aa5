package org.edgenet.weights;

import static org.edgenet.weights.PthFiles.assertUnreadable;
import static org.edgenet.weights.PthFiles.floats;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged and hostile files, built in Java: each must fail quickly with a WeightsFormatException
 * that names the problem and the file, never with an OutOfMemoryError, a hang or a bare
 * RuntimeException.
 */
class HostileFilesTest {
    @TempDir
    Path dir;

    private Path write(String name, byte[] content) throws Exception {
        return Files.write(dir.resolve(name), content);
    }

    // ---- not a weights file at all ----

    @Test
    void emptyFile() throws Exception {
        Path f = write("empty.pth", new byte[0]);
        assertUnreadable(f, "the file is empty", f.toString());
    }

    @Test
    void randomBytes() throws Exception {
        Random random = new Random(42);
        for (int size : new int[] {1, 7, 100, 100_000}) {
            byte[] junk = new byte[size];
            random.nextBytes(junk);
            junk[0] = 0x13; // not 'P', not PROTO
            if (size > 8) {
                junk[8] = 0; // not '{'
            }
            Path f = write("junk" + size, junk);
            assertUnreadable(f, "unrecognised format", f.toString());
        }
    }

    @Test
    void randomBytesBehindEachMagic() throws Exception {
        Random random = new Random(7);
        byte[][] heads = {{'P', 'K', 3, 4}, {(byte) 0x80, 2}, {8, 0, 0, 0, 0, 0, 0, 0, '{'}};
        for (int round = 0; round < 20; round++) {
            for (byte[] head : heads) {
                byte[] junk = new byte[1000];
                random.nextBytes(junk);
                System.arraycopy(head, 0, junk, 0, head.length);
                assertUnreadable(write("junk-" + round + "-" + head[0], junk));
            }
        }
    }

    @Test
    void oldTarFormat() throws Exception {
        byte[] tar = new byte[1024];
        System.arraycopy("ustar".getBytes(StandardCharsets.US_ASCII), 0, tar, 257, 5);
        tar[0] = 's';
        assertUnreadable(write("old.pth", tar), "tar-based", "before 0.4");
    }

    // ---- zip format ----

    @Test
    void zipWithoutDataPkl() throws Exception {
        Path f = PthFiles.zipRecords(dir.resolve("nodata.pth"), Map.of("archive/version", "3".getBytes()));
        assertUnreadable(f, "no <folder>/data.pkl", f.toString());
    }

    @Test
    void zipWithTwoDataPkl() throws Exception {
        byte[] pickle = new PickleBuilder().proto(2).emptyDict().stop().bytes();
        Map<String, byte[]> records = new LinkedHashMap<>();
        records.put("a/data.pkl", pickle);
        records.put("b/data.pkl", pickle);
        assertUnreadable(PthFiles.zipRecords(dir.resolve("two.pth"), records), "several data.pkl", "a/", "b/");
    }

    @Test
    void torchScriptArchive() throws Exception {
        Map<String, byte[]> records = new LinkedHashMap<>();
        records.put("m/data.pkl", new PickleBuilder().proto(2).emptyDict().stop().bytes());
        records.put("m/code/__torch__.py", "def forward(self): ...".getBytes());
        records.put("m/constants.pkl", new PickleBuilder().proto(2).emptyTuple().stop().bytes());
        assertUnreadable(PthFiles.zipRecords(dir.resolve("script.pt"), records), "TorchScript");
    }

    @Test
    void zipWithOsSystemPickle() throws Exception {
        byte[] evil = new PickleBuilder().proto(2).global("os", "system").unicode("touch /tmp/pwned").tuple1()
                .reduce().stop().bytes();
        Path f = PthFiles.zip(dir.resolve("evil.pth"), "evil", evil, Map.of());
        assertUnreadable(f, "pickle names the global 'os.system', which is not allowed", "evil/data.pkl in " + f);
    }

    @Test
    void zipTruncatedAnywhere() throws Exception {
        byte[] full = Files.readAllBytes(PthFiles.smallZip(dir.resolve("small.pth")));
        for (double fraction : new double[] {0.1, 0.5, 0.9, 0.99}) {
            Path cut = write("cut" + fraction, Arrays.copyOf(full, (int) (full.length * fraction)));
            assertUnreadable(cut, "not a readable zip archive (truncated or damaged?)", cut.toString());
        }
    }

    @Test
    void zipStorageRecordMissingOrShort() throws Exception {
        byte[] pickle = new PickleBuilder().proto(2).emptyDict().unicode("w").zipFloatTensor("0", 6, 0, 2, 3)
                .setitem().stop().bytes();
        assertUnreadable(PthFiles.zip(dir.resolve("missing.pth"), "x", pickle, Map.of()),
                "storage '0' has no record x/data/0");
        assertUnreadable(PthFiles.zip(dir.resolve("short.pth"), "x", pickle, Map.of("0", floats(1, 2, 3))),
                "storage '0' needs 24 bytes (6 x F32) but its record x/data/0 holds 12");
    }

    @Test
    void zipStorageNamedWithTwoTypes() throws Exception {
        PickleBuilder p = new PickleBuilder().proto(2).emptyDict().mark().unicode("a");
        p.zipFloatTensor("0", 6, 0, 6).unicode("b");
        p.tensorV2(() -> p.zipStorage("LongStorage", "0", 3), 0, new long[] {3}, new long[] {1});
        p.setitems().stop();
        assertUnreadable(PthFiles.zip(dir.resolve("types.pth"), "x", p.bytes(), Map.of("0", floats(0, 1, 2, 3, 4, 5))),
                "named both as 6 x F32 and as 3 x I64");
    }

    @Test
    void bigEndianZip() throws Exception {
        byte[] pickle = new PickleBuilder().proto(2).emptyDict().stop().bytes();
        Map<String, byte[]> records = new LinkedHashMap<>();
        records.put("x/data.pkl", pickle);
        records.put("x/byteorder", "big".getBytes());
        assertUnreadable(PthFiles.zipRecords(dir.resolve("be.pth"), records), "big-endian");
    }

    @Test
    void viewsThatExpandFarBeyondTheFile() throws Exception {
        // one stored float, seen as a 32768 x 32768 tensor through zero strides: 4 GiB of floats
        PickleBuilder p = new PickleBuilder().proto(2).emptyDict().unicode("huge");
        p.tensorV2(() -> p.zipStorage("FloatStorage", "0", 1), 0, new long[] {1 << 15, 1 << 15}, new long[] {0, 0});
        p.setitem().stop();
        assertUnreadable(PthFiles.zip(dir.resolve("expand.pth"), "x", p.bytes(), Map.of("0", floats(1))),
                "tensor 'huge' brings the values to load to 1073741824");

        // many full views of one storage
        PickleBuilder q = new PickleBuilder().proto(2).emptyDict().mark();
        for (int i = 0; i < 100; i++) {
            q.unicode("v" + i).zipFloatTensor("0", 300_000, 0, 300_000);
        }
        q.setitems().stop();
        assertUnreadable(PthFiles.zip(dir.resolve("views.pth"), "x", q.bytes(), Map.of("0", new byte[1_200_000])),
                "brings the values to load to", "implausibly");
    }

    @Test
    void mutatedFilesOfEveryFormatFailCleanlyOrLoad() throws Exception {
        Path zip = PthFiles.smallZip(dir.resolve("small.pth"));
        Path legacy = PthFiles.legacy(dir.resolve("legacy.pth"), legacyObject(), true,
                PthFiles.floatStorage("1", 1, 2, 3, 4));
        Path safetensors = dir.resolve("small.safetensors");
        SafetensorsWriter.write(safetensors, StateDict.read(zip).asMap(), Map.of("k", "v"));
        for (Path original : new Path[] {zip, legacy, safetensors}) {
            PthFiles.assertMutationsFailCleanly(original, dir.resolve("mutated"), new Random(2024));
        }
    }

    // ---- legacy format ----

    @Test
    void legacyWithOsSystemPickle() throws Exception {
        byte[] evil = new PickleBuilder().proto(2).global("os", "system").unicode("id").tuple1().reduce().stop()
                .bytes();
        Path f = PthFiles.legacy(dir.resolve("evil.pth"), evil, true);
        assertUnreadable(f, "pickle names the global 'os.system', which is not allowed", f.toString());
    }

    private static byte[] legacyObject() {
        PickleBuilder p = new PickleBuilder().proto(2).emptyDict().unicode("w");
        p.tensorV2(() -> p.legacyStorage("FloatStorage", "1", 4), 0, new long[] {4}, new long[] {1});
        return p.setitem().stop().bytes();
    }

    @Test
    void legacyWithoutMagicNumber() throws Exception {
        assertUnreadable(write("plain.pkl", new PickleBuilder().proto(2).emptyDict().stop().bytes()),
                "not with torch's magic number");
    }

    @Test
    void legacyBigEndian() throws Exception {
        assertUnreadable(PthFiles.legacy(dir.resolve("be.pth"), legacyObject(), false,
                PthFiles.floatStorage("1", 1, 2, 3, 4)), "big-endian");
    }

    @Test
    void legacyTruncated() throws Exception {
        byte[] full = Files.readAllBytes(PthFiles.legacy(dir.resolve("ok.pth"), legacyObject(), true,
                PthFiles.floatStorage("1", 1, 2, 3, 4)));
        for (int cut = 1; cut < full.length; cut++) {
            assertUnreadable(write("cut" + cut, Arrays.copyOf(full, cut)));
        }
        Path f = write("cut-data", Arrays.copyOf(full, full.length - 3));
        assertUnreadable(f, "storage '1' needs 16 bytes but only 13 remain (file truncated?)");
    }

    @Test
    void legacyStorageListDisagreesWithThePickle() throws Exception {
        assertUnreadable(PthFiles.legacy(dir.resolve("unknown.pth"), legacyObject(), true,
                PthFiles.floatStorage("2", 1, 2, 3, 4)), "names '2', which the pickled object never used");
        assertUnreadable(PthFiles.legacy(dir.resolve("count.pth"), legacyObject(), true,
                PthFiles.floatStorage("1", 1, 2, 3)), "storage '1' has 3 elements in the data but 4 in the pickle");
        assertUnreadable(PthFiles.legacy(dir.resolve("nodata.pth"), legacyObject(), true),
                "storage '1' is used by a tensor but has no data");
    }

    @Test
    void legacyViewOutsideItsRoot() throws Exception {
        PickleBuilder p = new PickleBuilder().proto(2).emptyDict().unicode("v");
        p.tensorV2(() -> p.mark().unicode("storage").global("torch", "FloatStorage").unicode("r").unicode("cpu")
                .integer(4).unicode("view").integer(3).integer(2).tuple3().tuple().binpersid(),
                0, new long[] {1}, new long[] {1});
        p.setitem().stop();
        assertUnreadable(PthFiles.legacy(dir.resolve("view.pth"), p.bytes(), true,
                PthFiles.floatStorage("r", 1, 2, 3, 4)), "storage view 'view' covers elements 3 to 5");
    }

    // ---- safetensors ----

    private Path safetensors(String name, String header, int dataBytes) throws Exception {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return write(name, b.array());
    }

    @Test
    void safetensorsHeaderLongerThanTheFile() throws Exception {
        Path f = safetensors("long.safetensors", "{}", 0);
        byte[] bytes = Files.readAllBytes(f);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1000);
        assertUnreadable(write("long.safetensors", bytes), "header length 1000 is larger than the 2 bytes");
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1);
        assertUnreadable(write("huge.safetensors", bytes), "header length 18446744073709551615");
    }

    @Test
    void safetensorsHeaderNotJson() throws Exception {
        assertUnreadable(safetensors("bad.safetensors", "{not json}", 0), "header is not valid JSON",
                "line 1, column 2");
        assertUnreadable(safetensors("arr.safetensors", "{\"a\":1} [1]", 0), "not valid JSON");
        Path f = safetensors("utf.safetensors", "{\"ab\":1}", 0);
        byte[] bytes = Files.readAllBytes(f);
        bytes[10] = (byte) 0xff;
        assertUnreadable(write("utf.safetensors", bytes), "not valid UTF-8");
        assertUnreadable(safetensors("dup.safetensors",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},"
                        + "\"w\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}", 4), "duplicate key");
    }

    @Test
    void safetensorsOffsetsOutOfRange() throws Exception {
        assertUnreadable(safetensors("past.safetensors",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8),
                "data_offsets [0, 16] past the end of the 8-byte data section");
        assertUnreadable(safetensors("neg.safetensors",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[-4,0]}}", 8), "invalid data_offsets");
        assertUnreadable(safetensors("rev.safetensors",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}", 8), "invalid data_offsets");
    }

    @Test
    void safetensorsSizeMismatch() throws Exception {
        assertUnreadable(safetensors("mismatch.safetensors",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}", 24),
                "tensor 'w' of shape [2, 3] and dtype F32 needs 24 bytes but its data_offsets [0, 20] span 20");
        assertUnreadable(safetensors("f16.safetensors",
                "{\"w\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,16]}}", 16), "needs 8 bytes");
    }

    @Test
    void safetensorsBadEntries() throws Exception {
        assertUnreadable(safetensors("dtype.safetensors",
                "{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1),
                "dtype 'F8_E4M3', which is not supported");
        assertUnreadable(safetensors("shape.safetensors",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}", 0), "invalid or too large shape");
        assertUnreadable(safetensors("bigshape.safetensors",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,0]}}", 0),
                "too large shape");
        assertUnreadable(safetensors("noshape.safetensors",
                "{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,0]}}", 0), "needs a shape array");
        assertUnreadable(safetensors("nooffsets.safetensors",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[]}}", 4), "needs data_offsets");
        assertUnreadable(safetensors("notobj.safetensors", "{\"w\":3}", 0), "described by a JSON number");
        assertUnreadable(safetensors("array.safetensors", "{\"w\":[]}        ", 0), "described by a JSON array");
        assertUnreadable(safetensors("meta.safetensors", "{\"__metadata__\":{\"a\":1}}", 0),
                "__metadata__ entry 'a' is not a string");
        assertUnreadable(safetensors("deep.safetensors", "{\"a\":" + "[".repeat(100_000), 0), "nested deeper");
    }
}
