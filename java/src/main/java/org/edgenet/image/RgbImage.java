package org.edgenet.image;

/**
 * An 8-bit RGB image, interleaved R, G, B per pixel, rows top to bottom: the equivalent of a
 * PIL image in mode 'RGB', which is what every preprocessing step works on.
 */
record RgbImage(int width, int height, byte[] pixels) {
    RgbImage {
        if (width <= 0 || height <= 0 || pixels.length != 3L * width * height) {
            throw new IllegalArgumentException("bad RGB image " + width + "x" + height + " with "
                    + pixels.length + " bytes");
        }
    }

    static RgbImage blank(int width, int height) {
        return new RgbImage(width, height, new byte[Math.multiplyExact(3 * width, height)]);
    }

    /** Channel {@code c} of pixel (x, y), 0..255. */
    int get(int x, int y, int c) {
        return pixels[(y * width + x) * 3 + c] & 0xff;
    }
}
