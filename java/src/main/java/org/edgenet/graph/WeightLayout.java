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
        return groupedPointwiseToGio(w, 1, cout, cin);
    }

    /**
     * Grouped pointwise [cout][cin/groups][1][1] to [groups][cin/groups][cout/groups]: output
     * channel gi*coutG + o of PyTorch is output o of group gi.
     */
    public static float[] groupedPointwiseToGio(float[] w, int groups, int cout, int cin) {
        int coutG = cout / groups, cinG = cin / groups;
        float[] out = new float[w.length];
        for (int g = 0; g < groups; g++) {
            for (int o = 0; o < coutG; o++) {
                for (int i = 0; i < cinG; i++) {
                    out[(g * cinG + i) * coutG + o] = w[(g * coutG + o) * cinG + i];
                }
            }
        }
        return out;
    }
}
