package org.edgenet.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.edgenet.Tensor;
import org.junit.jupiter.api.Test;

/** The size rules and colour handling that need no Python; pixel parity is in {@link PreprocessParityTest}. */
class PreprocessTest {
    private static final float[] MEAN = Preprocess.imagenetMean();
    private static final float[] STD = Preprocess.imagenetStd();

    @Test
    void shortSideBecomesTheSizeAndLongSideIsTruncated() {
        assertArrayEquals(new int[] {384, 256}, Preprocess.resizedSize(512, 341, 256)); // 384.37
        assertArrayEquals(new int[] {256, 384}, Preprocess.resizedSize(341, 512, 256));
        assertArrayEquals(new int[] {256, 256}, Preprocess.resizedSize(300, 300, 256));
        assertArrayEquals(new int[] {6918, 256}, Preprocess.resizedSize(1000, 37, 256)); // 6918.9
        assertArrayEquals(new int[] {320, 256}, Preprocess.resizedSize(100, 80, 256)); // upscale
        assertArrayEquals(new int[] {256, 256}, Preprocess.resizedSize(1, 1, 256));
        assertArrayEquals(new int[] {256, 600}, Preprocess.resizedSize(256, 600, 256)); // unchanged: no resize
        assertArrayEquals(new int[] {256, 298}, Preprocess.resizedSize(257, 300, 256)); // 298.8
    }

    @Test
    void imagenetResizeIsFloorOfCropOver0875() {
        int[][] cropToResize = {{224, 256}, {160, 182}, {128, 146}, {192, 219}, {96, 109}, {240, 274}, {256, 292},
                                {7, 8}, {1, 1}};
        for (int[] c : cropToResize) {
            Preprocess p = Preprocess.imagenet(c[0]);
            assertEquals(c[1], p.resizeShortSide(), "crop " + c[0]);
            assertEquals(c[1], (int) Math.floor(c[0] / 0.875), "timm's formula for crop " + c[0]);
            assertEquals(c[0], p.cropSize());
        }
        assertEquals(256, Preprocess.imagenet().resizeShortSide());
    }

    @Test
    void centreCropRoundsHalfToEvenAndPadsLikeTorchvision() {
        assertEquals(new Preprocess.CropAxis(16, 224, 0), Preprocess.CropAxis.of(255, 224)); // 15.5 -> 16
        assertEquals(new Preprocess.CropAxis(16, 224, 0), Preprocess.CropAxis.of(257, 224)); // 16.5 -> 16
        assertEquals(new Preprocess.CropAxis(80, 224, 0), Preprocess.CropAxis.of(384, 224));
        assertEquals(new Preprocess.CropAxis(0, 224, 0), Preprocess.CropAxis.of(224, 224));
        assertEquals(new Preprocess.CropAxis(0, 100, 14), Preprocess.CropAxis.of(100, 128)); // pad 14 + 14
        assertEquals(new Preprocess.CropAxis(0, 99, 14), Preprocess.CropAxis.of(99, 128)); // pad 14 + 15
    }

    @Test
    void paddingIsBlackBeforeNormalisation() {
        BufferedImage white = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 10; x++) {
                white.setRGB(x, y, 0xffffff);
            }
        }
        float[] out = new Preprocess(10, 16, MEAN, STD).toNchw(white);
        int plane = 16 * 16;
        for (int c = 0; c < 3; c++) {
            assertEquals((0f - MEAN[c]) / STD[c], out[c * plane], "corner, channel " + c);
            assertEquals((1f - MEAN[c]) / STD[c], out[c * plane + 3 * 16 + 3], "inside, channel " + c);
            assertEquals((0f - MEAN[c]) / STD[c], out[c * plane + 13 * 16 + 13], "after the image, channel " + c);
        }
    }

    @Test
    void greyIsReadFromTheRasterWithoutGammaConversion() {
        BufferedImage gray = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(1, 1, 0, 100);
        RgbImage rgb = RgbConversion.toRgb(gray);
        assertEquals(100, rgb.get(1, 1, 0));
        assertEquals(100, rgb.get(1, 1, 2));
        // What getRGB would have given: Java 2D converts linear grey to sRGB.
        assertNotEquals(100, gray.getRGB(1, 1) & 0xff);
    }

    @Test
    void sixteenBitGreyClipsLikePilModeI() {
        BufferedImage gray = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
        gray.getRaster().setSample(0, 0, 0, 100);
        gray.getRaster().setSample(1, 0, 0, 255);
        gray.getRaster().setSample(2, 0, 0, 40000);
        RgbImage rgb = RgbConversion.toRgb(gray);
        assertEquals(100, rgb.get(0, 0, 1));
        assertEquals(255, rgb.get(1, 0, 1));
        assertEquals(255, rgb.get(2, 0, 1));
    }

    @Test
    void everyEightBitRgbLayoutGivesTheSameResult() {
        int w = 37;
        int h = 29;
        Random rnd = new Random(7);
        int[] argb = new int[w * h];
        for (int i = 0; i < argb.length; i++) {
            argb[i] = rnd.nextInt();
        }
        float[] reference = null;
        Preprocess p = new Preprocess(20, 16, MEAN, STD);
        for (int type : new int[] {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_BGR, BufferedImage.TYPE_INT_ARGB,
                                   BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR,
                                   BufferedImage.TYPE_INT_ARGB_PRE}) {
            BufferedImage img = new BufferedImage(w, h, type);
            // Opaque pixels, so premultiplication changes nothing and every type holds the same colours.
            for (int i = 0; i < argb.length; i++) {
                img.setRGB(i % w, i / w, argb[i] | 0xff000000);
            }
            float[] out = p.toNchw(img);
            if (reference == null) {
                reference = out;
            } else {
                assertArrayEquals(reference, out, "type " + type);
            }
        }
    }

    @Test
    void subimagesAreReadAtTheirOwnOffset() {
        Random rnd = new Random(3);
        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_RGB,
                                   BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_BYTE_GRAY,
                                   BufferedImage.TYPE_USHORT_GRAY, BufferedImage.TYPE_BYTE_INDEXED,
                                   BufferedImage.TYPE_USHORT_565_RGB}) {
            BufferedImage full = new BufferedImage(40, 30, type);
            for (int y = 0; y < 30; y++) {
                for (int x = 0; x < 40; x++) {
                    for (int b = 0; b < full.getRaster().getNumBands(); b++) {
                        int bits = full.getSampleModel().getSampleSize(b);
                        full.getRaster().setSample(x, y, b, rnd.nextInt(1 << Math.min(bits, 9)));
                    }
                }
            }
            RgbImage whole = RgbConversion.toRgb(full);
            RgbImage part = RgbConversion.toRgb(full.getSubimage(7, 5, 20, 11));
            for (int y = 0; y < 11; y++) {
                for (int x = 0; x < 20; x++) {
                    for (int c = 0; c < 3; c++) {
                        assertEquals(whole.get(x + 7, y + 5, c), part.get(x, y, c), "type " + type);
                    }
                }
            }
        }
    }

    @Test
    void alphaIsDroppedNotComposited() {
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, 0x00ff8040); // fully transparent, colour kept like PIL's convert('RGB')
        RgbImage rgb = RgbConversion.toRgb(img);
        assertEquals(0xff, rgb.get(0, 0, 0));
        assertEquals(0x80, rgb.get(0, 0, 1));
        assertEquals(0x40, rgb.get(0, 0, 2));
    }

    @Test
    void tensorHasBatchDimensionAndSameValues() {
        BufferedImage img = ImageFilesTest.noise(50, 40);
        Preprocess p = new Preprocess(36, 32, MEAN, STD);
        float[] nchw = p.toNchw(img);
        assertEquals(3 * 32 * 32, nchw.length);
        try (Tensor t = p.toTensor(img)) {
            assertArrayEquals(new int[] {1, 3, 32, 32}, t.shape());
            assertArrayEquals(nchw, t.toArray());
        }
    }

    @Test
    void invalidArguments() {
        assertThrows(IllegalArgumentException.class, () -> new Preprocess(0, 224, MEAN, STD));
        assertThrows(IllegalArgumentException.class, () -> new Preprocess(256, 0, MEAN, STD));
        assertThrows(IllegalArgumentException.class, () -> new Preprocess(256, 224, new float[2], STD));
        assertThrows(IllegalArgumentException.class, () -> new Preprocess(256, 224, MEAN, new float[] {1, 0, 1}));
        assertThrows(IllegalArgumentException.class, () -> Preprocess.imagenet(0));
    }

    /** Megvii's input: raw 0..255 values, planes B, G, R. A solid image survives any resize unchanged. */
    @Test
    void bgr255KeepsRawValuesInReversedPlanes() {
        BufferedImage solid = new BufferedImage(300, 260, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 260; y++) {
            for (int x = 0; x < 300; x++) {
                solid.setRGB(x, y, (10 << 16) | (20 << 8) | 30);
            }
        }
        float[] v = Preprocess.bgr255(64).toNchw(solid);
        int plane = 64 * 64;
        assertEquals(3 * plane, v.length);
        for (int i = 0; i < plane; i++) {
            assertEquals(30f, v[i]);
            assertEquals(20f, v[plane + i]);
            assertEquals(10f, v[2 * plane + i]);
        }
    }
}
