package org.edgenet.graph;

/** Conversions from PyTorch's weight layouts to the ones the NHWC kernels read. */
public final class WeightLayout {
    private WeightLayout() {}

    /** [cout][cin][k][k] (OIHW) to [k][k][cin][cout] (HWIO) for the dense convolution. */
    public static float[] oihwToHwio(float[] w, int cout, int cin, int k) {
        float[] out = new float[w.length];
        for (int o = 0; o < cout; o++) {
            for (int i = 0; i < cin; i++) {
                for (int y = 0; y < k; y++) {
                    for (int x = 0; x < k; x++) {
                        out[((y * k + x) * cin + i) * cout + o] = w[((o * cin + i) * k + y) * k + x];
                    }
                }
            }
        }
        return out;
    }

    /** Depthwise [c][1][k][k] to [k][k][c]. */
    public static float[] depthwiseToHwc(float[] w, int c, int k) {
        float[] out = new float[w.length];
        for (int ch = 0; ch < c; ch++) {
            for (int t = 0; t < k * k; t++) {
                out[t * c + ch] = w[ch * k * k + t];
            }
        }
        return out;
    }

    /** Pointwise [cout][cin][1][1] to [cin][cout]. */
    public static float[] pointwiseToIo(float[] w, int cout, int cin) {
        float[] out = new float[w.length];
        for (int o = 0; o < cout; o++) {
            for (int i = 0; i < cin; i++) {
                out[i * cout + o] = w[o * cin + i];
            }
        }
        return out;
    }
}
