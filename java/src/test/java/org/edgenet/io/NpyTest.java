package org.edgenet.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.edgenet.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .npy reader and writer on their own; numpy parity is in {@link NpyParityTest}. */
class NpyTest {
    @TempDir
    Path dir;

    @Test
    void roundTripKeepsValuesAndShape() throws IOException {
        float[] values = {0f, -0f, 1.5f, Float.NaN, Float.POSITIVE_INFINITY, Float.MIN_VALUE, -3.25e38f, 7f, 8f, 9f,
                10f, 11f};
        for (int[] shape : new int[][] {{12}, {3, 4}, {1, 2, 3, 2}, {2, 1, 1, 6}}) {
            Path f = dir.resolve("a" + shape.length + ".npy");
            Npy.write(f, values, shape);
            NpyArray a = Npy.read(f);
            assertArrayEquals(shape, a.shape());
            assertEquals(Arrays.toString(bits(values)), Arrays.toString(bits(a.data())));
        }
    }

    @Test
    void roundTripZeroDimensionalAndEmpty() throws IOException {
        Path scalar = dir.resolve("s.npy");
        Npy.write(scalar, new float[] {4.5f});
        NpyArray s = Npy.read(scalar);
        assertEquals(0, s.rank());
        assertArrayEquals(new float[] {4.5f}, s.data());

        Path empty = dir.resolve("e.npy");
        Npy.write(empty, new float[0], 0, 5);
        NpyArray e = Npy.read(empty);
        assertArrayEquals(new int[] {0, 5}, e.shape());
        assertEquals(0, e.size());
    }

    @Test
    void tensorRoundTrip() throws IOException {
        Path f = dir.resolve("t.npy");
        float[] values = new float[2 * 3 * 4 * 5];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.5f - 3;
        }
        try (Tensor t = Tensor.of(values, 2, 3, 4, 5)) {
            Npy.write(f, t);
        }
        try (Tensor back = Npy.readTensor(f)) {
            assertArrayEquals(new int[] {2, 3, 4, 5}, back.shape());
            assertArrayEquals(values, back.toArray());
        }
    }

    @Test
    void readTensorRejectsShapesATensorCannotHold() throws IOException {
        Path scalar = dir.resolve("s.npy");
        Npy.write(scalar, new float[] {1f});
        IOException e = assertThrows(IOException.class, () -> Npy.readTensor(scalar));
        assertTrue(e.getMessage().contains(scalar.toString()), e.getMessage());
    }

    @Test
    void headerIsPaddedSoDataStartsAtAMultipleOf64() throws IOException {
        for (int[] shape : new int[][] {{}, {1}, {7}, {2, 3}, {1, 3, 224, 224}, {123456789, 0}}) {
            int size = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            Path f = dir.resolve("h.npy");
            Npy.write(f, new float[size], shape);
            byte[] bytes = Files.readAllBytes(f);
            int headerLen = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
            assertEquals(1, bytes[6], "version 1.0");
            assertEquals(0, (10 + headerLen) % 64, Arrays.toString(shape));
            assertEquals('\n', bytes[10 + headerLen - 1]);
            assertEquals(10 + headerLen + 4L * size, bytes.length);
        }
    }

    @Test
    void hugeHeaderSwitchesToVersion2() throws IOException {
        int[] shape = new int[23000]; // numpy caps dims at 32/64; this only exercises the 4-byte length
        Arrays.fill(shape, 1);
        Path f = dir.resolve("v2.npy");
        Npy.write(f, new float[] {2f}, shape);
        byte[] bytes = Files.readAllBytes(f);
        assertEquals(2, bytes[6]);
        long headerLen = ByteBuffer.wrap(bytes, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assertEquals(0, (12 + headerLen) % 64);
        NpyArray a = Npy.read(f);
        assertEquals(23000, a.rank());
        assertArrayEquals(new float[] {2f}, a.data());
    }

    @Test
    void halfToFloatMatchesKnownValues() {
        assertEquals(1f, NpyDtype.halfToFloat((short) 0x3c00));
        assertEquals(-2f, NpyDtype.halfToFloat((short) 0xc000));
        assertEquals(65504f, NpyDtype.halfToFloat((short) 0x7bff));
        assertEquals(0x1p-24f, NpyDtype.halfToFloat((short) 0x0001));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(NpyDtype.halfToFloat((short) 0x8000)));
        assertEquals(Float.NEGATIVE_INFINITY, NpyDtype.halfToFloat((short) 0xfc00));
        assertTrue(Float.isNaN(NpyDtype.halfToFloat((short) 0x7e00)));
    }

    @Test
    void writeRejectsMismatchedShape() {
        assertThrows(IllegalArgumentException.class, () -> Npy.write(dir.resolve("x.npy"), new float[5], 2, 3));
    }

    // ------------------------------------------------------------------ hostile and broken files

    @Test
    void badMagic() throws IOException {
        Path f = file("magic.npy", "PK\u0003\u0004 this is a zip, not npy".getBytes(StandardCharsets.ISO_8859_1));
        assertRejected(f, "magic");
    }

    @Test
    void emptyAndTinyFiles() throws IOException {
        assertRejected(file("empty.npy", new byte[0]), "too short");
        assertRejected(file("tiny.npy", new byte[] {(byte) 0x93, 'N', 'U'}), "too short");
    }

    @Test
    void missingFile() {
        Path f = dir.resolve("absent.npy");
        IOException e = assertThrows(IOException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().contains("absent.npy"), e.getMessage());
    }

    @Test
    void unsupportedVersion() throws IOException {
        assertRejected(npy(4, 0, header("<f4", false, "(1,)"), new byte[4]), "version 4.0");
    }

    @Test
    void headerLengthPastEndOfFile() throws IOException {
        byte[] h = header("<f4", false, "(1,)");
        ByteBuffer b = ByteBuffer.allocate(10 + h.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) 60000).put(h);
        assertRejected(file("hlen.npy", b.array()), "runs past the end");

        ByteBuffer v2 = ByteBuffer.allocate(12 + h.length).order(ByteOrder.LITTLE_ENDIAN);
        v2.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}).putInt(-1).put(h); // 4 GiB - 1
        assertRejected(file("hlen2.npy", v2.array()), "runs past the end");
    }

    @Test
    void shapeProductOverflowing() throws IOException {
        assertRejected(npy(1, 0, header("<f4", false, "(4294967296, 4294967296, 4294967296)"), new byte[16]),
                "overflows");
        assertRejected(npy(1, 0, header("<f4", false, "(99999999999999999999,)"), new byte[16]), "out of range");
    }

    @Test
    void hugeShapeIsRejectedBeforeAllocating() throws IOException {
        // 2^40 elements claimed, 16 bytes present: must fail on the size check, not with an OutOfMemoryError.
        assertRejected(npy(1, 0, header("<f8", false, "(1048576, 1048576)"), new byte[16]), "needs 8796093022208");
        assertRejected(npy(1, 0, header("<f4", false, "(0, 3000000000)"), new byte[0]), "larger than a Java array");
    }

    @Test
    void shapeInconsistentWithDataLength() throws IOException {
        assertRejected(npy(1, 0, header("<f4", false, "(2, 3)"), new byte[20]),
                "needs 24 data bytes but the file holds 20");
        assertRejected(npy(1, 0, header("<f4", false, "(2, 3)"), new byte[28]), "holds 28");
    }

    @Test
    void unsupportedDtypes() throws IOException {
        for (String descr : new String[] {"<c8", "|O", "<U5", "|S3", "<M8[ns]", "<f16", "=f4", "<q"}) {
            assertRejected(npy(1, 0, header(descr, false, "(1,)"), new byte[8]), "unsupported dtype");
        }
        byte[] structured = "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertRejected(npy(1, 0, structured, new byte[4]), "structured");
    }

    @Test
    void malformedHeaders() throws IOException {
        String[] bad = {
            "{'descr': '<f4', 'fortran_order': False}",                              // missing shape
            "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}",       // extra key
            "{'descr': '<f4', 'fortran_order': 0, 'shape': (1,)}",                   // not a bool
            "{'descr': '<f4', 'fortran_order': False, 'shape': [1]}",                // list shape
            "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}",              // negative
            "{'descr': '<f4', 'fortran_order': False, 'shape': (1,)",                // unterminated
            "{'descr': '<f4, 'fortran_order': False, 'shape': (1,)}",                // broken quote
            "__import__('os').system('echo pwned')",                                 // code
            "{'descr': '<f4', 'fortran_order': False, 'shape': (1,)} trailing",
            "((((((((((((((((((((((((((((((((((((((((",
        };
        for (String h : bad) {
            assertRejected(npy(1, 0, h.getBytes(StandardCharsets.ISO_8859_1), new byte[4]), "");
        }
    }

    @Test
    void truncatedData() throws IOException {
        Path good = dir.resolve("good.npy");
        Npy.write(good, new float[100], 10, 10);
        byte[] bytes = Files.readAllBytes(good);
        for (int cut : new int[] {5, 9, 30, bytes.length - 1}) {
            assertRejected(file("cut" + cut + ".npy", Arrays.copyOf(bytes, cut)), "");
        }
    }

    private void assertRejected(Path f, String expectedInMessage) {
        IOException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(IOException.class, () -> Npy.read(f)));
        assertTrue(e.getMessage().contains(f.toString()), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(expectedInMessage), "says '" + expectedInMessage + "': " + e.getMessage());
    }

    private Path npy(int major, int minor, byte[] header, byte[] data) throws IOException {
        int lenBytes = major == 1 ? 2 : 4;
        ByteBuffer b = ByteBuffer.allocate(8 + lenBytes + header.length + 1 + data.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, (byte) minor});
        if (lenBytes == 2) {
            b.putShort((short) (header.length + 1));
        } else {
            b.putInt(header.length + 1);
        }
        b.put(header).put((byte) '\n').put(data);
        return file("case" + System.nanoTime() + ".npy", b.array());
    }

    private static byte[] header(String descr, boolean fortran, String shape) {
        return ("{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': "
                + shape + ", }").getBytes(StandardCharsets.ISO_8859_1);
    }

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static int[] bits(float[] values) {
        int[] b = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = Float.floatToRawIntBits(values[i]);
        }
        return b;
    }
}
