package org.edgenet.graph;

/**
 * Folds an inference-mode BatchNorm into the convolution before it:
 * bn(conv(x)) = conv(x) * s + (beta - mean * s), with s = gamma / sqrt(var + eps) per output channel.
 * Computed in double so the folded float32 weights carry a single rounding.
 */
public final class BatchNormFold {
    public final float[] weight;
    public final float[] bias;

    private BatchNormFold(float[] weight, float[] bias) {
        this.weight = weight;
        this.bias = bias;
    }

    /**
     * @param weight conv weight in PyTorch layout [cout][...] (cout rows of equal length), not modified
     * @param convBias conv bias [cout] or null
     */
    public static BatchNormFold fold(float[] weight, float[] convBias, float[] gamma, float[] beta, float[] mean,
                                     float[] var, double eps) {
        int cout = gamma.length;
        if (weight.length % cout != 0 || beta.length != cout || mean.length != cout || var.length != cout) {
            throw new IllegalArgumentException("BatchNorm of " + cout + " channels does not match a weight of "
                    + weight.length + " values");
        }
        int row = weight.length / cout;
        float[] w = new float[weight.length];
        float[] b = new float[cout];
        for (int o = 0; o < cout; o++) {
            double scale = gamma[o] / Math.sqrt((double) var[o] + eps);
            for (int i = 0; i < row; i++) {
                w[o * row + i] = (float) (weight[o * row + i] * scale);
            }
            double cb = convBias == null ? 0.0 : convBias[o];
            b[o] = (float) ((cb - mean[o]) * scale + beta[o]);
        }
        return new BatchNormFold(w, b);
    }
}
