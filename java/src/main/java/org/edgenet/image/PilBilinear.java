package org.edgenet.image;

import java.util.Arrays;

/**
 * PIL's {@code Image.resize(size, BILINEAR)} for 8-bit RGB, reproduced to the bit.
 *
 * <p>The algorithm (Pillow's Resample.c, described here in our own words): a separable,
 * antialiased triangle filter whose support grows with the downscale factor; horizontal pass
 * first, then vertical; a pass is skipped when its dimension does not change. Per output pixel
 * the weights are computed in double, normalised to sum 1, then turned into fixed point with
 * 22 fraction bits (rounded half away from zero); the weighted sum is accumulated in int starting
 * from half a unit, shifted back and clipped to 0..255. The horizontal pass writes an 8-bit
 * intermediate image, so its rounding is part of the result.
 *
 * <p>Each output pixel depends only on its own weights, so any window of the result can be
 * computed alone: the centre crop never pays for the discarded margins.
 */
final class PilBilinear {
    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final int HALF = 1 << (PRECISION_BITS - 1);

    private PilBilinear() {}

    /** The whole image resized to outWidth x outHeight. */
    static RgbImage resize(RgbImage in, int outWidth, int outHeight) {
        return resizeWindow(in, outWidth, outHeight, 0, 0, outWidth, outHeight);
    }

    /**
     * Pixels [x0, x0+w) x [y0, y0+h) of {@code in} resized to outWidth x outHeight,
     * identical to cropping PIL's full result.
     */
    static RgbImage resizeWindow(RgbImage in, int outWidth, int outHeight, int x0, int y0, int w, int h) {
        if (outWidth <= 0 || outHeight <= 0 || x0 < 0 || y0 < 0 || w <= 0 || h <= 0
                || x0 + w > outWidth || y0 + h > outHeight) {
            throw new IllegalArgumentException("window " + w + "x" + h + "+" + x0 + "+" + y0
                    + " outside a " + outWidth + "x" + outHeight + " result");
        }
        boolean horizontal = outWidth != in.width();
        boolean vertical = outHeight != in.height();

        // Source rows the vertical pass reads (all of them are what the horizontal pass must produce).
        Weights vw = vertical ? Weights.compute(in.height(), outHeight, y0, h) : null;
        int rowFirst = vertical ? vw.first[0] : y0;
        int rowEnd = vertical ? vw.first[h - 1] + vw.count[h - 1] : y0 + h;

        RgbImage rows = horizontal
                ? horizontalPass(in, Weights.compute(in.width(), outWidth, x0, w), rowFirst, rowEnd)
                : copyColumns(in, x0, w, rowFirst, rowEnd);
        return vertical ? verticalPass(rows, vw, rowFirst) : rows;
    }

    /** Rows [rowFirst, rowEnd) of the input, each resampled to the window's columns. */
    private static RgbImage horizontalPass(RgbImage in, Weights wx, int rowFirst, int rowEnd) {
        int outW = wx.first.length;
        RgbImage out = RgbImage.blank(outW, rowEnd - rowFirst);
        byte[] src = in.pixels();
        byte[] dst = out.pixels();
        int d = 0;
        for (int y = rowFirst; y < rowEnd; y++) {
            int rowBase = y * in.width() * 3;
            for (int x = 0; x < outW; x++) {
                int r = HALF, g = HALF, b = HALF;
                int s = rowBase + wx.first[x] * 3;
                int k = x * wx.taps;
                for (int t = 0, n = wx.count[x]; t < n; t++, s += 3) {
                    int weight = wx.fixed[k + t];
                    r += (src[s] & 0xff) * weight;
                    g += (src[s + 1] & 0xff) * weight;
                    b += (src[s + 2] & 0xff) * weight;
                }
                dst[d++] = clip(r);
                dst[d++] = clip(g);
                dst[d++] = clip(b);
            }
        }
        return out;
    }

    /** Vertical resampling of {@code rows}, whose row 0 is source row {@code rowOffset}. */
    private static RgbImage verticalPass(RgbImage rows, Weights wy, int rowOffset) {
        int outH = wy.first.length;
        int lineBytes = rows.width() * 3;
        RgbImage out = RgbImage.blank(rows.width(), outH);
        byte[] src = rows.pixels();
        byte[] dst = out.pixels();
        int[] acc = new int[lineBytes];
        for (int y = 0; y < outH; y++) {
            Arrays.fill(acc, HALF);
            int k = y * wy.taps;
            // Integer sums are exact, so accumulating a whole line per tap gives PIL's result.
            for (int t = 0, n = wy.count[y]; t < n; t++) {
                int weight = wy.fixed[k + t];
                int s = (wy.first[y] - rowOffset + t) * lineBytes;
                for (int i = 0; i < lineBytes; i++) {
                    acc[i] += (src[s + i] & 0xff) * weight;
                }
            }
            int d = y * lineBytes;
            for (int i = 0; i < lineBytes; i++) {
                dst[d + i] = clip(acc[i]);
            }
        }
        return out;
    }

    private static RgbImage copyColumns(RgbImage in, int x0, int w, int rowFirst, int rowEnd) {
        RgbImage out = RgbImage.blank(w, rowEnd - rowFirst);
        for (int y = rowFirst; y < rowEnd; y++) {
            System.arraycopy(in.pixels(), (y * in.width() + x0) * 3, out.pixels(), (y - rowFirst) * w * 3, w * 3);
        }
        return out;
    }

    private static byte clip(int sum) {
        int v = sum >> PRECISION_BITS; // arithmetic shift: floor, as in C for these values
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }

    /** Fixed-point filter weights along one axis for output indices [from, from+n). */
    static final class Weights {
        final int[] first;  // first source index per output
        final int[] count;  // number of source pixels per output
        final int[] fixed;  // weights, {@code taps} slots per output
        final int taps;

        private Weights(int n, int taps) {
            this.first = new int[n];
            this.count = new int[n];
            this.fixed = new int[n * taps];
            this.taps = taps;
        }

        static Weights compute(int inSize, int outSize, int from, int n) {
            double scale = (double) inSize / outSize;
            // Downscaling widens the triangle so every source pixel contributes (antialiasing).
            double filterScale = Math.max(scale, 1.0);
            double support = filterScale; // the bilinear triangle has support 1
            double invFilterScale = 1.0 / filterScale;
            int taps = (int) Math.ceil(support) * 2 + 1;
            Weights w = new Weights(n, taps);
            double[] raw = new double[taps];
            for (int i = 0; i < n; i++) {
                double center = (from + i + 0.5) * scale;
                // (int) truncates toward zero like C's cast; clamped just after.
                int lo = Math.max((int) (center - support + 0.5), 0);
                int hi = Math.min((int) (center + support + 0.5), inSize);
                int count = hi - lo;
                double sum = 0.0;
                for (int t = 0; t < count; t++) {
                    double v = triangle(((t + lo) - center + 0.5) * invFilterScale);
                    raw[t] = v;
                    sum += v;
                }
                for (int t = 0; t < count; t++) {
                    double v = sum != 0.0 ? raw[t] / sum : raw[t];
                    w.fixed[i * taps + t] = (int) (v < 0 ? v * (1 << PRECISION_BITS) - 0.5
                                                         : v * (1 << PRECISION_BITS) + 0.5);
                }
                w.first[i] = lo;
                w.count[i] = count;
            }
            return w;
        }

        private static double triangle(double x) {
            double a = Math.abs(x);
            return a < 1.0 ? 1.0 - a : 0.0;
        }
    }
}
