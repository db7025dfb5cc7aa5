package org.edgenet.kernels;

import org.edgenet.graph.Activation;

/**
 * The pure-Java kernels: the same operations as the native ones (edgenet.h), on heap arrays with
 * offsets; weights come as one array per row (see {@link #rows}) so that C2 vectorises the
 * innermost loops over contiguous channels. Each kernel takes a sub-range of independent outputs
 * so that callers can split work across threads; a range never splits a reduction, so results do
 * not depend on the thread count.
 */
public final class JavaKernels {
    private JavaKernels() {}

    /** NCHW to NHWC for images [begin, end) of a batch. */
    public static void nchwToNhwc(float[] in, int inOff, int c, int h, int w, float[] out, int outOff,
                                  int imageBegin, int imageEnd) {
        int plane = h * w;
        for (int img = imageBegin; img < imageEnd; img++) {
            int src = inOff + img * c * plane;
            int dst = outOff + img * c * plane;
            for (int ch = 0; ch < c; ch++) {
                int s = src + ch * plane;
                for (int p = 0; p < plane; p++) {
                    out[dst + p * c + ch] = in[s + p];
                }
            }
        }
    }

    /**
     * Splits a row-major [rows][cols] weight into one array per row, the layout the loops below
     * need: HotSpot 17 vectorises {@code acc[j] += x * row[j]} only when every array in the loop is
     * indexed by the same expression, so rows and accumulators both start at index 0.
     */
    public static float[][] rows(float[] flat, int rows, int cols) {
        if (flat.length != rows * cols) {
            throw new IllegalArgumentException(flat.length + " values are not " + rows + " x " + cols);
        }
        float[][] out = new float[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = java.util.Arrays.copyOfRange(flat, r * cols, (r + 1) * cols);
        }
        return out;
    }

    /** Dense KxK convolution, weight rows [k*k*cin][cout]; output rows [rowBegin, rowEnd) of n*oh. */
    public static void conv2d(float[] in, int inOff, int h, int w, int cin,
                              float[][] weight, float[] bias, int cout, int k, int stride, int pad, Activation act,
                              float[] out, int outOff, int oh, int ow, int rowBegin, int rowEnd) {
        float[] acc = new float[cout];
        for (int row = rowBegin; row < rowEnd; row++) {
            int img = row / oh;
            int oy = row % oh;
            for (int ox = 0; ox < ow; ox++) {
                System.arraycopy(bias, 0, acc, 0, cout);
                for (int ky = 0; ky < k; ky++) {
                    int iy = oy * stride - pad + ky;
                    if (iy < 0 || iy >= h) {
                        continue;
                    }
                    for (int kx = 0; kx < k; kx++) {
                        int ix = ox * stride - pad + kx;
                        if (ix < 0 || ix >= w) {
                            continue;
                        }
                        int src = inOff + ((img * h + iy) * w + ix) * cin;
                        int tap = (ky * k + kx) * cin;
                        for (int ci = 0; ci < cin; ci++) {
                            axpy(acc, in[src + ci], weight[tap + ci], cout);
                        }
                    }
                }
                store(acc, act, null, out, outOff + (row * ow + ox) * cout, cout);
            }
        }
    }

    /** Depthwise KxK convolution, weight rows [k*k][c]; output rows [rowBegin, rowEnd) of n*oh. */
    public static void dwconv(float[] in, int inOff, int h, int w, int c, int inPs,
                              float[][] weight, float[] bias, int k, int stride, int pad, Activation act,
                              float[] out, int outOff, int outPs, int oh, int ow, int rowBegin, int rowEnd) {
        float[] acc = new float[c];
        float[] pixel = new float[c];
        for (int row = rowBegin; row < rowEnd; row++) {
            int img = row / oh;
            int oy = row % oh;
            for (int ox = 0; ox < ow; ox++) {
                System.arraycopy(bias, 0, acc, 0, c);
                for (int ky = 0; ky < k; ky++) {
                    int iy = oy * stride - pad + ky;
                    if (iy < 0 || iy >= h) {
                        continue;
                    }
                    for (int kx = 0; kx < k; kx++) {
                        int ix = ox * stride - pad + kx;
                        if (ix < 0 || ix >= w) {
                            continue;
                        }
                        System.arraycopy(in, inOff + ((img * h + iy) * w + ix) * inPs, pixel, 0, c);
                        float[] tap = weight[ky * k + kx];
                        for (int ch = 0; ch < c; ch++) {
                            acc[ch] += pixel[ch] * tap[ch];
                        }
                    }
                }
                store(acc, act, null, out, outOff + (row * ow + ox) * outPs, c);
            }
        }
    }

    /**
     * Pointwise convolution over pixels [begin, end): out = act(in * weight + bias + residual),
     * weight rows [cin][cout]; residual may be null. Four pixels share each pass over the weights.
     */
    public static void pwconv(float[] in, int inOff, int cin, int inPs,
                              float[][] weight, float[] bias, int cout, Activation act,
                              float[] res, int resOff, int resPs,
                              float[] out, int outOff, int outPs, int begin, int end) {
        float[] acc0 = new float[cout], acc1 = new float[cout], acc2 = new float[cout], acc3 = new float[cout];
        float[] scratch = res == null ? null : new float[cout];
        int p = begin;
        for (; p + 4 <= end; p += 4) {
            System.arraycopy(bias, 0, acc0, 0, cout);
            System.arraycopy(bias, 0, acc1, 0, cout);
            System.arraycopy(bias, 0, acc2, 0, cout);
            System.arraycopy(bias, 0, acc3, 0, cout);
            int i0 = inOff + p * inPs;
            for (int ci = 0; ci < cin; ci++) {
                float x0 = in[i0 + ci], x1 = in[i0 + inPs + ci];
                float x2 = in[i0 + 2 * inPs + ci], x3 = in[i0 + 3 * inPs + ci];
                float[] row = weight[ci];
                for (int co = 0; co < cout; co++) {
                    float wv = row[co];
                    acc0[co] += x0 * wv;
                    acc1[co] += x1 * wv;
                    acc2[co] += x2 * wv;
                    acc3[co] += x3 * wv;
                }
            }
            float[][] accs = {acc0, acc1, acc2, acc3};
            for (int q = 0; q < 4; q++) {
                if (res != null) {
                    System.arraycopy(res, resOff + (p + q) * resPs, scratch, 0, cout);
                }
                store(accs[q], act, scratch, out, outOff + (p + q) * outPs, cout);
            }
        }
        for (; p < end; p++) {
            System.arraycopy(bias, 0, acc0, 0, cout);
            int i = inOff + p * inPs;
            for (int ci = 0; ci < cin; ci++) {
                axpy(acc0, in[i + ci], weight[ci], cout);
            }
            if (res != null) {
                System.arraycopy(res, resOff + p * resPs, scratch, 0, cout);
            }
            store(acc0, act, scratch, out, outOff + p * outPs, cout);
        }
    }

    /** Global average pool of images [imageBegin, imageEnd): [h*w pixels, stride inPs][c] to [c]. */
    public static void globalAvgPool(float[] in, int inOff, int h, int w, int c, int inPs,
                                     float[] out, int outOff, int imageBegin, int imageEnd) {
        int plane = h * w;
        for (int img = imageBegin; img < imageEnd; img++) {
            int o = outOff + img * c;
            java.util.Arrays.fill(out, o, o + c, 0f);
            for (int p = 0; p < plane; p++) {
                int src = inOff + (img * plane + p) * inPs;
                for (int ch = 0; ch < c; ch++) {
                    out[o + ch] += in[src + ch];
                }
            }
            float count = plane;
            for (int ch = 0; ch < c; ch++) {
                out[o + ch] /= count;
            }
        }
    }

    /**
     * Fully connected, weight [cout][cin]: outputs [coutBegin, coutEnd) of every image.
     * Eight partial sums break the dependency chain of the dot product.
     */
    public static void linear(float[] in, int inOff, int n, int cin, float[] weight, float[] bias, int cout,
                              Activation act, float[] out, int outOff, int coutBegin, int coutEnd) {
        for (int img = 0; img < n; img++) {
            int x = inOff + img * cin;
            for (int co = coutBegin; co < coutEnd; co++) {
                int wr = co * cin;
                float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
                int ci = 0;
                for (; ci + 8 <= cin; ci += 8) {
                    s0 += in[x + ci] * weight[wr + ci];
                    s1 += in[x + ci + 1] * weight[wr + ci + 1];
                    s2 += in[x + ci + 2] * weight[wr + ci + 2];
                    s3 += in[x + ci + 3] * weight[wr + ci + 3];
                    s4 += in[x + ci + 4] * weight[wr + ci + 4];
                    s5 += in[x + ci + 5] * weight[wr + ci + 5];
                    s6 += in[x + ci + 6] * weight[wr + ci + 6];
                    s7 += in[x + ci + 7] * weight[wr + ci + 7];
                }
                for (; ci < cin; ci++) {
                    s0 += in[x + ci] * weight[wr + ci];
                }
                float sum = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
                out[outOff + img * cout + co] = act.apply(sum + bias[co]);
            }
        }
    }

    /**
     * Grouped pointwise convolution with strided channel addressing (see en_pwconv_grouped):
     * input channel k of group g at in[inOff + p*inPs + g*inGs + k*inCs], output channel o at
     * out[outOff + p*outPs + g*outGs + o*outCs], residual (or null) at res[resOff + p*resPs + g*coutG + o].
     * weight[g] holds rows [cinG][coutG]. Pixels [begin, end).
     */
    public static void pwconvGrouped(float[] in, int inOff, int inPs, int inGs, int inCs, int groups, int cinG,
                                     float[][][] weight, float[] bias, int coutG, Activation act,
                                     float[] res, int resOff, int resPs,
                                     float[] out, int outOff, int outPs, int outGs, int outCs, int begin, int end) {
        float[] acc = new float[coutG];
        for (int p = begin; p < end; p++) {
            for (int g = 0; g < groups; g++) {
                System.arraycopy(bias, g * coutG, acc, 0, coutG);
                int src = inOff + p * inPs + g * inGs;
                float[][] rows = weight[g];
                for (int k = 0; k < cinG; k++) {
                    axpy(acc, in[src + k * inCs], rows[k], coutG);
                }
                if (res != null) {
                    int r = resOff + p * resPs + g * coutG;
                    for (int o = 0; o < coutG; o++) {
                        acc[o] += res[r + o];
                    }
                }
                activate(acc, coutG, act);
                int dst = outOff + p * outPs + g * outGs;
                for (int o = 0; o < coutG; o++) {
                    out[dst + o * outCs] = acc[o];
                }
            }
        }
    }

    /**
     * Squeeze-and-excitation of images [imageBegin, imageEnd): per-channel mean (as
     * {@link #globalAvgPool}), z = act(w1 s + b1), gate = gate(w2 z + b2), out = in * gate.
     * w1: [mid][c], w2: [c][mid]. out may be in itself.
     */
    public static void squeezeExcite(float[] in, int inOff, int h, int w, int c, int inPs,
                                     float[] w1, float[] b1, int mid, Activation act,
                                     float[] w2, float[] b2, Activation gate,
                                     float[] out, int outOff, int outPs, int imageBegin, int imageEnd) {
        int plane = h * w;
        float[] mean = new float[c];
        float[] z = new float[mid];
        float[] scale = new float[c];
        for (int img = imageBegin; img < imageEnd; img++) {
            int first = img * plane;
            globalAvgPool(in, inOff + first * inPs, 1, plane, c, inPs, mean, 0, 0, 1);
            dense(mean, w1, b1, c, mid, z);
            activate(z, mid, act);
            dense(z, w2, b2, mid, c, scale);
            activate(scale, c, gate);
            for (int p = first; p < first + plane; p++) {
                int src = inOff + p * inPs, dst = outOff + p * outPs;
                for (int ch = 0; ch < c; ch++) {
                    out[dst + ch] = in[src + ch] * scale[ch];
                }
            }
        }
    }

    /** y[o] = b[o] + sum_i x[i] * w[o][i] with w flat [nOut][nIn], summed in index order. */
    private static void dense(float[] x, float[] w, float[] b, int nIn, int nOut, float[] y) {
        for (int o = 0; o < nOut; o++) {
            float sum = 0f;
            int row = o * nIn;
            for (int i = 0; i < nIn; i++) {
                sum += x[i] * w[row + i];
            }
            y[o] = sum + b[o];
        }
    }

    /**
     * KxK max pooling (padding never wins) or average pooling (count_include_pad: divided by k*k)
     * of output rows [rowBegin, rowEnd) of n*oh.
     */
    public static void windowPool(float[] in, int inOff, int h, int w, int c, int inPs, boolean max,
                                  int k, int stride, int pad, float[] out, int outOff, int outPs,
                                  int oh, int ow, int rowBegin, int rowEnd) {
        float[] acc = new float[c];
        float area = k * k;
        for (int row = rowBegin; row < rowEnd; row++) {
            int img = row / oh;
            int oy = row % oh;
            for (int ox = 0; ox < ow; ox++) {
                java.util.Arrays.fill(acc, max ? Float.NEGATIVE_INFINITY : 0f);
                for (int ky = 0; ky < k; ky++) {
                    int iy = oy * stride - pad + ky;
                    if (iy < 0 || iy >= h) {
                        continue;
                    }
                    for (int kx = 0; kx < k; kx++) {
                        int ix = ox * stride - pad + kx;
                        if (ix < 0 || ix >= w) {
                            continue;
                        }
                        int src = inOff + ((img * h + iy) * w + ix) * inPs;
                        if (max) {
                            for (int ch = 0; ch < c; ch++) {
                                float v = in[src + ch];
                                acc[ch] = v > acc[ch] || v != v ? v : acc[ch];
                            }
                        } else {
                            for (int ch = 0; ch < c; ch++) {
                                acc[ch] += in[src + ch];
                            }
                        }
                    }
                }
                int dst = outOff + (row * ow + ox) * outPs;
                for (int ch = 0; ch < c; ch++) {
                    out[dst + ch] = max ? acc[ch] : acc[ch] / area;
                }
            }
        }
    }

    /** out = act(a + b) over pixels [begin, end) of c channels. out may be a or b. */
    public static void add(float[] a, int aOff, int aPs, float[] b, int bOff, int bPs, int c, Activation act,
                           float[] out, int outOff, int outPs, int begin, int end) {
        float[] acc = new float[c];
        for (int p = begin; p < end; p++) {
            int ia = aOff + p * aPs, ib = bOff + p * bPs;
            for (int ch = 0; ch < c; ch++) {
                acc[ch] = a[ia + ch] + b[ib + ch];
            }
            activate(acc, c, act);
            System.arraycopy(acc, 0, out, outOff + p * outPs, c);
        }
    }

    /** out[p*outPs + j*outCs] = in[p*inPs + j*inCs] for pixels [begin, end), j < c. */
    public static void channelCopy(float[] in, int inOff, int inPs, int inCs, int c,
                                   float[] out, int outOff, int outPs, int outCs, int begin, int end) {
        for (int p = begin; p < end; p++) {
            int src = inOff + p * inPs, dst = outOff + p * outPs;
            for (int j = 0; j < c; j++) {
                out[dst + j * outCs] = in[src + j * inCs];
            }
        }
    }

    /** acc += x * row, over n elements. */
    private static void axpy(float[] acc, float x, float[] row, int n) {
        for (int j = 0; j < n; j++) {
            acc[j] += x * row[j];
        }
    }

    /** Epilogue: the residual (may be null), then the activation, then one copy into the output. */
    private static void store(float[] acc, Activation act, float[] residual, float[] out, int o, int n) {
        if (residual != null) {
            for (int j = 0; j < n; j++) {
                acc[j] += residual[j];
            }
        }
        activate(acc, n, act);
        System.arraycopy(acc, 0, out, o, n);
    }

    /** Applies {@code act} to v[0, n) in place; the common cases as plain loops C2 vectorises. */
    static void activate(float[] v, int n, Activation act) {
        switch (act) {
            case NONE:
                return;
            case RELU:
                for (int j = 0; j < n; j++) {
                    v[j] = Math.max(v[j], 0f);
                }
                return;
            case RELU6:
                for (int j = 0; j < n; j++) {
                    v[j] = Math.min(Math.max(v[j], 0f), 6f);
                }
                return;
            case HSWISH:
                for (int j = 0; j < n; j++) {
                    v[j] = v[j] * Math.min(Math.max(v[j] + 3f, 0f), 6f) / 6f;
                }
                return;
            default:
                for (int j = 0; j < n; j++) {
                    v[j] = act.apply(v[j]);
                }
        }
    }
}
