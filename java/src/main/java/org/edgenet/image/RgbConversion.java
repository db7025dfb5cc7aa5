package org.edgenet.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DataBufferUShort;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.awt.image.SinglePixelPackedSampleModel;
import java.util.Arrays;

/**
 * A decoded image to 8-bit RGB with the semantics of PIL's {@code Image.open(path).convert('RGB')}.
 *
 * <p>Samples are read straight from the raster: {@link BufferedImage#getRGB} would apply Java 2D's
 * colour-space conversion (a gamma change for grey images), which PIL never does. The rules:
 * <ul>
 *   <li>palette: the palette entry's R, G, B (transparency ignored);</li>
 *   <li>grey v: (v, v, v); alpha is dropped, never composited;</li>
 *   <li>8-bit samples as they are; fewer bits scaled by {@code v * 255 / (2^bits - 1)} truncated
 *       (PIL's rule for 2/4-bit grey PNG and 5/6-bit 16-bit BMP);</li>
 *   <li>16-bit samples: the high byte, except 16-bit grey without alpha, which PIL opens as
 *       mode 'I' and clips to 255 (so values above 255 all become white — PIL's behaviour,
 *       reproduced on purpose);</li>
 *   <li>8-bit CMYK (JPEG): PIL's uncalibrated formula, see {@link #fromCmyk};</li>
 *   <li>anything else (premultiplied alpha, float rasters, other colour spaces): {@code getRGB}, which is a
 *       best effort and not guaranteed to match PIL.</li>
 * </ul>
 */
final class RgbConversion {
    private RgbConversion() {}

    static RgbImage toRgb(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        if (cm instanceof IndexColorModel icm) {
            return fromPalette(icm, raster);
        }
        int spaceType = cm.getColorSpace().getType();
        boolean integerSamples = raster.getTransferType() == DataBuffer.TYPE_BYTE
                || raster.getTransferType() == DataBuffer.TYPE_USHORT
                || raster.getTransferType() == DataBuffer.TYPE_INT;
        boolean upTo16Bits = Arrays.stream(cm.getComponentSize()).allMatch(b -> b >= 1 && b <= 16);
        if (integerSamples && upTo16Bits && !cm.isAlphaPremultiplied()) {
            if (spaceType == ColorSpace.TYPE_GRAY && cm.getNumColorComponents() == 1) {
                return fromGray(raster, cm.getComponentSize(0), cm.hasAlpha());
            }
            if (spaceType == ColorSpace.TYPE_RGB && cm.getNumColorComponents() == 3) {
                return fromRgb(raster, cm.getComponentSize());
            }
            if (spaceType == ColorSpace.TYPE_CMYK && cm.getNumColorComponents() == 4 && !cm.hasAlpha()
                    && Arrays.stream(cm.getComponentSize()).allMatch(b -> b == 8)) {
                return fromCmyk(raster);
            }
        }
        return viaGetRgb(image);
    }

    private static RgbImage fromPalette(IndexColorModel icm, Raster raster) {
        int entries = 1 << raster.getSampleModel().getSampleSize(0);
        byte[] lut = new byte[entries * 3];
        for (int i = 0; i < Math.min(entries, icm.getMapSize()); i++) {
            lut[i * 3] = (byte) icm.getRed(i);
            lut[i * 3 + 1] = (byte) icm.getGreen(i);
            lut[i * 3 + 2] = (byte) icm.getBlue(i);
        }
        int w = raster.getWidth();
        int h = raster.getHeight();
        RgbImage out = RgbImage.blank(w, h);
        byte[] dst = out.pixels();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            readBand(raster, 0, y, row);
            for (int x = 0, d = y * w * 3; x < w; x++, d += 3) {
                int s = row[x] * 3;
                dst[d] = lut[s];
                dst[d + 1] = lut[s + 1];
                dst[d + 2] = lut[s + 2];
            }
        }
        return out;
    }

    private static RgbImage fromGray(Raster raster, int bits, boolean hasAlpha) {
        // Mode 'I' (16-bit grey, no alpha) clips; every other depth scales to 8 bits.
        byte[] lut = bits == 16 && !hasAlpha ? clippingLut() : scalingLut(bits);
        int w = raster.getWidth();
        int h = raster.getHeight();
        RgbImage out = RgbImage.blank(w, h);
        byte[] dst = out.pixels();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            readBand(raster, 0, y, row);
            for (int x = 0, d = y * w * 3; x < w; x++, d += 3) {
                byte v = lut[row[x]];
                dst[d] = v;
                dst[d + 1] = v;
                dst[d + 2] = v;
            }
        }
        return out;
    }

    private static RgbImage fromRgb(Raster raster, int[] bits) {
        if (bits[0] == 8 && bits[1] == 8 && bits[2] == 8
                && raster.getSampleModel() instanceof PixelInterleavedSampleModel sm
                && raster.getDataBuffer() instanceof DataBufferByte bytes) {
            return fromInterleavedRgb8(raster, sm, bytes);
        }
        int w = raster.getWidth();
        int h = raster.getHeight();
        RgbImage out = RgbImage.blank(w, h);
        byte[] dst = out.pixels();
        int[] row = new int[w];
        for (int c = 0; c < 3; c++) {
            byte[] lut = scalingLut(bits[c]);
            for (int y = 0; y < h; y++) {
                readBand(raster, c, y, row);
                for (int x = 0, d = y * w * 3 + c; x < w; x++, d += 3) {
                    dst[d] = lut[row[x]];
                }
            }
        }
        return out;
    }

    /**
     * The common case (8-bit RGB/BGR/RGBA bytes from PNG, JPEG, BMP): one pass, no per-band rows.
     * A pixel-interleaved model keeps every band in bank 0.
     */
    private static RgbImage fromInterleavedRgb8(Raster raster, PixelInterleavedSampleModel sm, DataBufferByte bytes) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        RgbImage out = RgbImage.blank(w, h);
        byte[] dst = out.pixels();
        byte[] src = bytes.getData();
        int sx = raster.getMinX() - raster.getSampleModelTranslateX();
        int r = sm.getBandOffsets()[0];
        int g = sm.getBandOffsets()[1];
        int b = sm.getBandOffsets()[2];
        int step = sm.getPixelStride();
        for (int y = 0; y < h; y++) {
            int i = bytes.getOffset() + (y - raster.getSampleModelTranslateY()) * sm.getScanlineStride() + sx * step;
            for (int x = 0, d = y * w * 3; x < w; x++, d += 3, i += step) {
                dst[d] = src[i + r];
                dst[d + 1] = src[i + g];
                dst[d + 2] = src[i + b];
            }
        }
        return out;
    }

    /**
     * Row {@code y} of one band into {@code row}. Rasters backed by byte, ushort or packed int arrays
     * (everything ImageIO's PNG, JPEG and BMP readers produce at 8 or 16 bits) are read directly;
     * {@link Raster#getSamples} costs a virtual call per pixel and dominated the run time.
     */
    private static void readBand(Raster raster, int band, int y, int[] row) {
        SampleModel sm = raster.getSampleModel();
        DataBuffer buffer = raster.getDataBuffer();
        int w = raster.getWidth();
        // Raster coordinates to sample-model coordinates (child rasters are translated).
        int sx = raster.getMinX() - raster.getSampleModelTranslateX();
        int sy = y - raster.getSampleModelTranslateY();
        if (sm instanceof ComponentSampleModel csm) {
            int bank = csm.getBankIndices()[band];
            int i = buffer.getOffsets()[bank] + csm.getOffset(sx, sy, band);
            int step = csm.getPixelStride();
            if (buffer instanceof DataBufferByte bytes) {
                byte[] data = bytes.getData(bank);
                for (int x = 0; x < w; x++, i += step) {
                    row[x] = data[i] & 0xff;
                }
                return;
            }
            if (buffer instanceof DataBufferUShort shorts) {
                short[] data = shorts.getData(bank);
                for (int x = 0; x < w; x++, i += step) {
                    row[x] = data[i] & 0xffff;
                }
                return;
            }
        } else if (sm instanceof SinglePixelPackedSampleModel packed && buffer instanceof DataBufferInt ints) {
            int[] data = ints.getData();
            int i = ints.getOffset() + packed.getOffset(sx, sy);
            int mask = packed.getBitMasks()[band];
            int shift = packed.getBitOffsets()[band];
            for (int x = 0; x < w; x++, i++) {
                row[x] = (data[i] & mask) >>> shift;
            }
            return;
        }
        raster.getSamples(raster.getMinX(), y, w, 1, band, row);
    }

    /**
     * PIL's naive CMYK to RGB, no colour management: {@code (255 - k) - c * (255 - k) / 255} per channel,
     * with PIL's rounded integer division by 255. (ImageIO has already un-inverted Adobe CMYK, as PIL does.)
     */
    private static RgbImage fromCmyk(Raster raster) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        RgbImage out = RgbImage.blank(w, h);
        byte[] dst = out.pixels();
        int[][] bands = new int[4][w];
        for (int y = 0; y < h; y++) {
            for (int b = 0; b < 4; b++) {
                readBand(raster, b, y, bands[b]);
            }
            for (int x = 0, d = y * w * 3; x < w; x++, d += 3) {
                int notK = 255 - bands[3][x];
                for (int c = 0; c < 3; c++) {
                    int t = bands[c][x] * notK + 128;
                    dst[d + c] = (byte) (notK - (((t >> 8) + t) >> 8)); // never below 0
                }
            }
        }
        return out;
    }

    /** Maps a {@code bits}-bit sample to 8 bits the way PIL's unpackers do. */
    private static byte[] scalingLut(int bits) {
        int max = (1 << bits) - 1;
        byte[] lut = new byte[max + 1];
        for (int v = 0; v <= max; v++) {
            if (bits == 8) {
                lut[v] = (byte) v;
            } else if (bits == 16) {
                lut[v] = (byte) (v >> 8); // PIL's ;16B raw modes keep the most significant byte
            } else {
                lut[v] = (byte) (v * 255 / max);
            }
        }
        return lut;
    }

    private static byte[] clippingLut() {
        byte[] lut = new byte[1 << 16];
        for (int v = 0; v < lut.length; v++) {
            lut[v] = (byte) Math.min(v, 255);
        }
        return lut;
    }

    private static RgbImage viaGetRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        RgbImage out = RgbImage.blank(w, h);
        byte[] dst = out.pixels();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0, d = y * w * 3; x < w; x++, d += 3) {
                dst[d] = (byte) (row[x] >> 16);
                dst[d + 1] = (byte) (row[x] >> 8);
                dst[d + 2] = (byte) row[x];
            }
        }
        return out;
    }
}
