package org.edgenet.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.edgenet.io.Npy;
import org.edgenet.io.NpyArray;
import org.edgenet.testing.Python;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Preprocess against torchvision 0.14 + PIL on the images models/make_preprocess_fixtures.py writes:
 * bit-identical float32 tensors for PNG and BMP, closeness for JPEG.
 */
class PreprocessParityTest {
    /** JPEG: mean |difference| of the normalised tensor, and the largest difference in 8-bit levels. */
    private static final double JPEG_MEAN_ABS_LIMIT = 0.02;
    private static final int JPEG_MAX_LEVELS_LIMIT = 12;

    private static Path dir;

    @BeforeAll
    static void generateFixtures() throws Exception {
        dir = Python.workDir("preprocess");
        Python.run("make_preprocess_fixtures.py", dir.toString());
    }

    @TestFactory
    Stream<DynamicTest> matchesTorchvision() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("manifest.tsv"))) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "rgb" -> tests.add(DynamicTest.dynamicTest("convert('RGB') " + f[1],
                        () -> checkConversion(f[1], f[2])));
                case "transform" -> tests.add(DynamicTest.dynamicTest(
                        "Resize(" + f[2] + ")+CenterCrop(" + f[3] + ") " + f[1],
                        () -> checkTransform(f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                                f[4].equals("1"), f[5])));
                case "resize" -> tests.add(DynamicTest.dynamicTest("PIL resize " + f[4],
                        () -> checkResize(f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[4])));
                default -> fail("unknown manifest line: " + line);
            }
        }
        assertTrue(tests.size() > 150, "fixture count " + tests.size());
        return tests.stream();
    }

    private static void checkConversion(String image, String expectedNpy) throws Exception {
        RgbImage rgb = RgbConversion.toRgb(Preprocess.read(dir.resolve(image)));
        NpyArray expected = Npy.read(dir.resolve(expectedNpy));
        assertArrayEquals(new int[] {rgb.height(), rgb.width(), 3}, expected.shape());
        if (isJpeg(image)) {
            return; // decoders differ; the transform check below bounds the difference
        }
        assertBytesEqual(expected.data(), rgb.pixels(), image);
    }

    private static void checkTransform(String image, int resize, int crop, boolean exact, String expectedNpy)
            throws Exception {
        BufferedImage decoded = Preprocess.read(dir.resolve(image));
        Preprocess transform = new Preprocess(resize, crop, Preprocess.imagenetMean(), Preprocess.imagenetStd());
        float[] actual = transform.toNchw(decoded);
        NpyArray expected = Npy.read(dir.resolve(expectedNpy));
        assertArrayEquals(new int[] {3, crop, crop}, expected.shape());
        if (exact) {
            assertFloatsIdentical(expected.data(), actual, crop, image);
        } else {
            assertClose(expected.data(), actual, image);
        }
    }

    private static void checkResize(String sourceNpy, int width, int height, String expectedNpy) throws Exception {
        NpyArray src = Npy.read(dir.resolve(sourceNpy));
        byte[] pixels = new byte[src.size()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) src.data()[i];
        }
        RgbImage in = new RgbImage(src.shape()[1], src.shape()[0], pixels);
        RgbImage out = PilBilinear.resize(in, width, height);
        NpyArray expected = Npy.read(dir.resolve(expectedNpy));
        assertArrayEquals(new int[] {height, width, 3}, expected.shape());
        assertBytesEqual(expected.data(), out.pixels(), expectedNpy);
    }

    private static void assertBytesEqual(float[] expected, byte[] actual, String what) {
        assertEquals(expected.length, actual.length);
        int differ = 0;
        int first = -1;
        for (int i = 0; i < expected.length; i++) {
            if ((int) expected[i] != (actual[i] & 0xff)) {
                differ++;
                first = first < 0 ? i : first;
            }
        }
        if (differ > 0) {
            fail(what + ": " + differ + " of " + expected.length + " bytes differ; first at " + first + " (expected "
                    + (int) expected[first] + ", got " + (actual[first] & 0xff) + ")");
        }
    }

    private static void assertFloatsIdentical(float[] expected, float[] actual, int crop, String what) {
        assertEquals(expected.length, actual.length);
        int differ = 0;
        int worst = -1;
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                differ++;
                double d = Math.abs((double) expected[i] - actual[i]);
                if (worst < 0 || d > max) {
                    max = d;
                    worst = i;
                }
            }
        }
        if (differ > 0) {
            int plane = crop * crop;
            fail(what + ": " + differ + " values differ, max abs diff " + max + " at [c=" + worst / plane + ", y="
                    + worst % plane / crop + ", x=" + worst % crop + "] (expected " + expected[worst] + ", got "
                    + actual[worst] + ")");
        }
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        double sum = 0;
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs((double) expected[i] - actual[i]);
            sum += d;
            max = Math.max(max, d);
        }
        double mean = sum / expected.length;
        // One 8-bit level is 1/255/std in normalised units; the smallest std gives the most levels.
        double maxLevels = max * 255 * 0.224;
        System.out.printf("JPEG %s: mean |diff| %.5f, max |diff| %.4f (~%.1f levels)%n", what, mean, max, maxLevels);
        assertTrue(mean < JPEG_MEAN_ABS_LIMIT, what + ": mean |diff| " + mean);
        assertTrue(maxLevels <= JPEG_MAX_LEVELS_LIMIT, what + ": max |diff| " + max + " (~" + maxLevels + " levels)");
    }

    private static boolean isJpeg(String name) {
        return name.endsWith(".jpg") || name.endsWith(".jpeg");
    }
}
