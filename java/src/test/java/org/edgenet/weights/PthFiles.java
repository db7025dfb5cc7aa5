package org.edgenet.weights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Builds .pth files in Java (both PyTorch formats) and checks how reading them fails. */
final class PthFiles {
    private PthFiles() {}

    /** A zip-format .pth: {@code prefix/data.pkl}, {@code prefix/data/<key>} stored uncompressed, like torch. */
    static Path zip(Path file, String prefix, byte[] pickle, Map<String, byte[]> storages) throws IOException {
        Map<String, byte[]> records = new LinkedHashMap<>();
        records.put(prefix + "/data.pkl", pickle);
        storages.forEach((k, v) -> records.put(prefix + "/data/" + k, v));
        records.put(prefix + "/version", "3\n".getBytes());
        return zipRecords(file, records);
    }

    static Path zipRecords(Path file, Map<String, byte[]> records) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> r : records.entrySet()) {
                ZipEntry e = new ZipEntry(r.getKey());
                e.setMethod(ZipEntry.STORED);
                e.setSize(r.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(r.getValue());
                e.setCrc(crc.getValue());
                zip.putNextEntry(e);
                zip.write(r.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }

    /** One storage of a legacy file: its key, element size and raw bytes. */
    static final class Storage {
        final String key;
        final int elementSize;
        final byte[] data;

        Storage(String key, int elementSize, byte[] data) {
            this.key = key;
            this.elementSize = elementSize;
            this.data = data;
        }
    }

    /** A legacy-format .pth: magic, version, sys_info, the object, the key list, then each storage. */
    static Path legacy(Path file, byte[] object, boolean littleEndian, Storage... storages) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new PickleBuilder().proto(2).long1(new BigInteger("1950a86a20f9469cfc6c", 16)).stop().bytes());
        out.writeBytes(new PickleBuilder().proto(2).integer(1001).stop().bytes());
        out.writeBytes(new PickleBuilder().proto(2).emptyDict().mark().unicode("protocol_version").integer(1001)
                .unicode("little_endian").bool(littleEndian).setitems().stop().bytes());
        out.writeBytes(object);
        PickleBuilder keys = new PickleBuilder().proto(2).emptyList().mark();
        for (Storage s : storages) {
            keys.unicode(s.key);
        }
        out.writeBytes(keys.appends().stop().bytes());
        for (Storage s : storages) {
            out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(s.data.length / s.elementSize)
                    .array());
            out.writeBytes(s.data);
        }
        Files.write(file, out.toByteArray());
        return file;
    }

    /** A little-endian float32 legacy storage. */
    static Storage floatStorage(String key, float... values) {
        return new Storage(key, 4, floats(values));
    }

    static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    /** A zip .pth holding {'w': float32 tensor [2, 3] with values 0..5}. */
    static Path smallZip(Path file) throws IOException {
        byte[] pickle = new PickleBuilder().proto(2).orderedDict().unicode("w").zipFloatTensor("0", 6, 0, 2, 3)
                .setitem().stop().bytes();
        return zip(file, "small", pickle, Map.of("0", floats(0, 1, 2, 3, 4, 5)));
    }

    /** Mutations per file in {@link #assertMutationsFailCleanly}; raise with -Dfuzz.rounds=N for a long hunt. */
    static final int FUZZ_ROUNDS = Integer.getInteger("fuzz.rounds", 200);

    /**
     * Overwrites 1 to 4 random bytes of {@code original}, {@link #FUZZ_ROUNDS} times: reading each
     * result must either succeed (the damage hit only data bytes) or fail with a
     * WeightsFormatException from a deliberate check, never anything else, and never slowly.
     */
    static void assertMutationsFailCleanly(Path original, Path scratch, Random random) throws IOException {
        byte[] bytes = Files.readAllBytes(original);
        assertTimeoutPreemptively(Duration.ofSeconds(30 + FUZZ_ROUNDS / 20), () -> {
            for (int round = 0; round < FUZZ_ROUNDS; round++) {
                byte[] mutated = bytes.clone();
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
                }
                Files.write(scratch, mutated);
                try {
                    StateDict.read(scratch);
                } catch (WeightsFormatException e) {
                    if (e.getMessage().startsWith("unexpected failure")) {
                        throw new AssertionError("a check is missing for a mutation of " + original + ": "
                                + e.getMessage(), e);
                    }
                }
            }
        });
    }

    /** Asserts that reading {@code file} fails quickly with a WeightsFormatException mentioning every fragment. */
    static WeightsFormatException assertUnreadable(Path file, String... fragments) {
        return assertFails(() -> StateDict.read(file), fragments);
    }

    /** Asserts that {@code action} fails quickly with a WeightsFormatException mentioning every fragment. */
    static WeightsFormatException assertFails(Executable action, String... fragments) {
        WeightsFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(WeightsFormatException.class, action));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message should mention \"" + f + "\": " + e.getMessage());
        }
        return e;
    }
}
