package org.edgenet.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.edgenet.Tensor;

/**
 * torchvision's ImageNet evaluation transform,
 * {@code Compose([Resize(resize), CenterCrop(crop), ToTensor(), Normalize(mean, std)])} applied to
 * {@code Image.open(path).convert('RGB')}, reproduced bit for bit (torchvision 0.14, Pillow 9.x).
 *
 * <p><b>Exactness.</b> For losslessly stored images (PNG, BMP, GIF; 1/2/4/8/16-bit grey, palette,
 * RGB, RGBA, grey+alpha) the output equals torchvision's float32 tensor bit for bit. Every step
 * repeats PIL's or torch's arithmetic: PIL's {@code convert('RGB')} (raw samples, alpha dropped, no
 * gamma or ICC colour management), the short-side size rule, PIL's fixed-point antialiased bilinear
 * resize ({@code PilBilinear}), the round-half-to-even centre crop with zero padding, and the float32
 * operations {@code x / 255}, {@code - mean}, {@code / std}.
 *
 * <p><b>JPEG is not guaranteed exact.</b> PIL decodes with libjpeg-turbo, ImageIO with the IJG
 * libjpeg 6b inside the JDK. Both use the same integer IDCT and "fancy" chroma upsampling, and on
 * the test fixtures (baseline, progressive, 4:2:0, 4:2:2, 4:4:4, grey, CMYK, embedded ICC profile)
 * the tensors were identical. Nothing guarantees it, though: other libjpeg versions, decoder options
 * (PIL's {@code draft()}) or chroma layouts can move pixels by a few levels, so JPEG inputs are
 * tested for closeness only. EXIF orientation is ignored, as PIL's {@code Image.open} ignores it.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Preprocess {
    private static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    private final int resizeShortSide;
    private final int cropSize;
    private final float[][] normalized; // [channel][8-bit value] -> normalised float32
    private final int[] planeOf;          // output plane of R, G, B

    /**
     * A transform with explicit sizes and statistics.
     *
     * @param resizeShortSide the short side after resizing ({@code Resize(int)}); the long side keeps the aspect ratio
     * @param cropSize side of the square centre crop; if larger than the resized image it is zero-padded
     *     like torchvision
     * @param mean per-channel (R, G, B) mean, used as float32 like {@code torch.as_tensor(mean, dtype=float32)}
     * @param std per-channel standard deviation, float32, non-zero
     */
    public Preprocess(int resizeShortSide, int cropSize, float[] mean, float[] std) {
        if (resizeShortSide < 1 || cropSize < 1) {
            throw new IllegalArgumentException(
                    "sizes must be positive: resize " + resizeShortSide + ", crop " + cropSize);
        }
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 values (R, G, B), got " + mean.length
                    + " and " + std.length);
        }
        this.resizeShortSide = resizeShortSide;
        this.cropSize = cropSize;
        this.planeOf = new int[] {0, 1, 2};
        this.normalized = new float[3][256];
        for (int c = 0; c < 3; c++) {
            if (std[c] == 0f || !Float.isFinite(std[c]) || !Float.isFinite(mean[c])) {
                throw new IllegalArgumentException("std must be finite and non-zero, mean finite: channel " + c
                        + " has mean " + mean[c] + ", std " + std[c]);
            }
            for (int v = 0; v < 256; v++) {
                // Three float32 operations in torch's order: ToTensor's div(255), then sub_(mean), div_(std).
                float x = (float) v / 255f;
                normalized[c][v] = (x - mean[c]) / std[c];
            }
        }
    }

    /**
     * The ImageNet transform for a network whose input is {@code cropSize} square: crop {@code cropSize},
     * resize the short side to {@code floor(cropSize * 256 / 224)} — timm's {@code floor(crop / 0.875)}
     * (crop_pct 0.875), which is 256 for 224, 182 for 160, 146 for 128 — and normalise with
     * {@link #imagenetMean()} / {@link #imagenetStd()}.
     */
    public static Preprocess imagenet(int cropSize) {
        if (cropSize < 1) {
            throw new IllegalArgumentException("crop size must be positive: " + cropSize);
        }
        // Exact integer form of floor(crop / 0.875): 1/0.875 is exactly 8/7.
        int resize = (int) ((long) cropSize * 256 / 224);
        return new Preprocess(resize, cropSize, IMAGENET_MEAN, IMAGENET_STD);
    }

    /**
     * The input Megvii's ShuffleNet-Series checkpoints were trained on: the same resize and centre
     * crop as {@link #imagenet(int)}, then the raw 0..255 values as float, planes in B, G, R order,
     * no normalisation. (Megvii resizes with OpenCV's bilinear, not PIL's antialiased one, so
     * pixels may differ by a few levels from their evaluation.)
     */
    public static Preprocess bgr255(int cropSize) {
        Preprocess rgb = imagenet(cropSize);
        float[][] raw = new float[3][256];
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                raw[c][v] = v;
            }
        }
        return new Preprocess(rgb.resizeShortSide, cropSize, raw, new int[] {2, 1, 0});
    }

    private Preprocess(int resizeShortSide, int cropSize, float[][] normalized, int[] planeOf) {
        this.resizeShortSide = resizeShortSide;
        this.cropSize = cropSize;
        this.normalized = normalized;
        this.planeOf = planeOf;
    }

    /** torchvision's ImageNet channel means (R, G, B) as float32: 0.485, 0.456, 0.406. A copy. */
    public static float[] imagenetMean() {
        return IMAGENET_MEAN.clone();
    }

    /** torchvision's ImageNet channel standard deviations (R, G, B) as float32: 0.229, 0.224, 0.225. A copy. */
    public static float[] imagenetStd() {
        return IMAGENET_STD.clone();
    }

    /** {@code imagenet(224)}: Resize(256), CenterCrop(224). */
    public static Preprocess imagenet() {
        return imagenet(224);
    }

    /**
     * Decodes an image file (JPEG, PNG, BMP, and whatever else ImageIO reads).
     *
     * @return the decoded image, never null
     * @throws IOException naming the file when it is missing, empty, not an image, truncated or corrupt
     */
    public static BufferedImage read(Path file) throws IOException {
        return ImageFiles.read(file);
    }

    public int resizeShortSide() {
        return resizeShortSide;
    }

    public int cropSize() {
        return cropSize;
    }

    /**
     * The transformed image as float32 [3][crop][crop], row-major, channels R, G, B (B, G, R for
     * {@link #bgr255}). Any
     * BufferedImage is accepted; grey, palette, RGB(A), grey+alpha, 16-bit and CMYK rasters are read
     * the way PIL's {@code convert('RGB')} reads them, other layouts through {@code getRGB} (not exact).
     */
    public float[] toNchw(BufferedImage image) {
        return toNchw(RgbConversion.toRgb(image));
    }

    /** The transformed image as a new [1, 3, crop, crop] tensor; the caller closes it. */
    public Tensor toTensor(BufferedImage image) {
        return Tensor.of(toNchw(image), 1, 3, cropSize, cropSize);
    }

    float[] toNchw(RgbImage rgb) {
        int w = rgb.width();
        int h = rgb.height();
        int[] resized = resizedSize(w, h, resizeShortSide);
        int rw = resized[0];
        int rh = resized[1];
        CropAxis cx = CropAxis.of(rw, cropSize);
        CropAxis cy = CropAxis.of(rh, cropSize);

        // Resample only the part of the resized image that survives the crop. When the size does
        // not change, torchvision skips the resize and PilBilinear skips both passes: a plain crop.
        RgbImage window = PilBilinear.resizeWindow(rgb, rw, rh, cx.first, cy.first, cx.length, cy.length);

        int plane = cropSize * cropSize;
        float[] out = new float[3 * plane];
        for (int c = 0; c < 3; c++) {
            // Padding is black (0) in the 8-bit image, so it normalises like any 0.
            Arrays.fill(out, planeOf[c] * plane, (planeOf[c] + 1) * plane, normalized[c][0]);
        }
        int r = planeOf[0] * plane, g = planeOf[1] * plane, b = planeOf[2] * plane;
        byte[] px = window.pixels();
        for (int y = 0; y < cy.length; y++) {
            int rowOut = (y + cy.offset) * cropSize + cx.offset;
            int s = y * cx.length * 3;
            for (int x = 0; x < cx.length; x++, s += 3) {
                int o = rowOut + x;
                out[r + o] = normalized[0][px[s] & 0xff];
                out[g + o] = normalized[1][px[s + 1] & 0xff];
                out[b + o] = normalized[2][px[s + 2] & 0xff];
            }
        }
        return out;
    }

    /**
     * torchvision's {@code _compute_resized_output_size} for an int size: the short side becomes
     * {@code size}, the long side {@code int(size * long / short)} (truncated). Returns {width, height}.
     */
    static int[] resizedSize(int width, int height, int size) {
        int shortSide = Math.min(width, height);
        int longSide = Math.max(width, height);
        // size * long is exact in a double, and one IEEE division matches Python's true division.
        int newLong = (int) ((double) ((long) size * longSide) / shortSide);
        return width <= height ? new int[] {size, newLong} : new int[] {newLong, size};
    }

    /**
     * One axis of torchvision's center_crop: pad with (crop - n) // 2 before and (crop - n + 1) // 2 after
     * when the image is smaller, then start at round((n - crop) / 2) with Python's round-half-to-even.
     * {@code first}/{@code length}: the source range kept; {@code offset}: where it lands in the crop.
     */
    record CropAxis(int first, int length, int offset) {
        static CropAxis of(int n, int crop) {
            if (crop > n) {
                return new CropAxis(0, n, (crop - n) / 2);
            }
            int first = (int) Math.rint((n - crop) / 2.0);
            return new CropAxis(first, crop, 0);
        }
    }
}
