package org.edgenet.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Preprocess.read: good files decode; every kind of bad file is an IOException naming the file. */
class ImageFilesTest {
    @TempDir
    Path dir;

    @Test
    void readsPngBmpJpeg() throws IOException {
        BufferedImage noise = noise(64, 48);
        for (String format : new String[] {"png", "bmp", "jpg"}) {
            Path f = write(noise, format);
            BufferedImage back = Preprocess.read(f);
            assertEquals(64, back.getWidth(), format);
            assertEquals(48, back.getHeight(), format);
        }
    }

    @Test
    void missingFile() {
        assertRejected(dir.resolve("no-such-image.png"), "no such");
    }

    @Test
    void directory() {
        assertRejected(dir, "directory");
    }

    @Test
    void emptyFile() throws IOException {
        assertRejected(Files.write(dir.resolve("empty.png"), new byte[0]), "empty");
    }

    @Test
    void textFileNamedPng() throws IOException {
        Path f = Files.writeString(dir.resolve("notes.png"), "this is not a picture\n", StandardCharsets.UTF_8);
        assertRejected(f, "not an image");
    }

    @Test
    void zerosAreNotMistakenForWbmp() throws IOException {
        assertRejected(Files.write(dir.resolve("zeros.bmp"), new byte[1000]), "not an image");
    }

    @Test
    void truncatedFiles() throws IOException {
        BufferedImage noise = noise(200, 150);
        for (String format : new String[] {"png", "jpg", "bmp"}) {
            byte[] whole = Files.readAllBytes(write(noise, format));
            for (int keep : new int[] {whole.length / 2, whole.length - 40}) {
                Path cut = Files.write(dir.resolve("cut" + keep + "." + format), Arrays.copyOf(whole, keep));
                assertRejected(cut, "");
            }
        }
    }

    @Test
    void corruptPngHeader() throws IOException {
        byte[] png = Files.readAllBytes(write(noise(20, 20), "png"));
        png[20] ^= 0x55; // inside IHDR: the CRC no longer matches
        assertRejected(Files.write(dir.resolve("crc.png"), png), "");
    }

    @Test
    void decompressionBombIsRefusedBeforeDecoding() throws IOException {
        // A valid PNG header announcing 100000 x 100000 pixels, with almost no data behind it.
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(100_000).putInt(100_000).put(new byte[] {8, 2, 0, 0, 0});
        byte[] png = concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
                chunk("IHDR", ihdr.array()), chunk("IDAT", new byte[] {0x78, (byte) 0x9c, 3, 0, 0, 0, 0, 1}),
                chunk("IEND", new byte[0]));
        assertRejected(Files.write(dir.resolve("bomb.png"), png), "pixel limit");
    }

    private void assertRejected(Path f, String expectedInMessage) {
        IOException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(IOException.class, () -> Preprocess.read(f)));
        assertTrue(e.getMessage().contains(f.toString()), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(expectedInMessage), "says '" + expectedInMessage + "': " + e.getMessage());
    }

    private Path write(BufferedImage image, String format) throws IOException {
        Path f = dir.resolve("img." + format);
        assertTrue(ImageIO.write(image, format.equals("jpg") ? "jpeg" : format, f.toFile()), format);
        return f;
    }

    static BufferedImage noise(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Random rnd = new Random(42);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rnd.nextInt(1 << 24));
            }
        }
        return img;
    }

    private static byte[] chunk(String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(t).put(data).putInt((int) crc.getValue())
                .array();
    }

    private static byte[] concat(byte[]... parts) {
        int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }
}
