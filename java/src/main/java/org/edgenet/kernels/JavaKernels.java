package org.edgenet.kernels;

import org.edgenet.graph.Activation;

/**
 * The pure-Java kernels: the same operations and layouts as the native ones (edgenet.h), on heap
 * arrays with offsets. Loops are shaped so that C2 vectorises the innermost one (contiguous
 * channels). Each kernel takes a sub-range of independent outputs so that callers can split work
 * across threads; a range never splits a reduction, so results do not depend on the thread count.
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

    /** Dense KxK convolution, weight [k][k][cin][cout]; output rows [rowBegin, rowEnd) of n*oh. */
    public static void conv2d(float[] in, int inOff, int h, int w, int cin,
                              float[] weight, float[] bias, int cout, int k, int stride, int pad, Activation act,
                              float[] out, int outOff, int oh, int ow, int rowBegin, int rowEnd) {
        for (int row = rowBegin; row < rowEnd; row++) {
            int img = row / oh;
            int oy = row % oh;
            for (int ox = 0; ox < ow; ox++) {
                int o = outOff + ((row * ow) + ox) * cout;
                System.arraycopy(bias, 0, out, o, cout);
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
                        int wBase = (ky * k + kx) * cin * cout;
                        for (int ci = 0; ci < cin; ci++) {
                            float a = in[src + ci];
                            int wRow = wBase + ci * cout;
                            for (int co = 0; co < cout; co++) {
                                out[o + co] += a * weight[wRow + co];
                            }
                        }
                    }
                }
                activate(out, o, cout, act);
            }
        }
    }

    /** Depthwise KxK convolution, weight [k][k][c]; output rows [rowBegin, rowEnd) of n*oh. */
    public static void dwconv(float[] in, int inOff, int h, int w, int c, int inPs,
                              float[] weight, float[] bias, int k, int stride, int pad, Activation act,
                              float[] out, int outOff, int outPs, int oh, int ow, int rowBegin, int rowEnd) {
        for (int row = rowBegin; row < rowEnd; row++) {
            int img = row / oh;
            int oy = row % oh;
            for (int ox = 0; ox < ow; ox++) {
                int o = outOff + (row * ow + ox) * outPs;
                System.arraycopy(bias, 0, out, o, c);
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
                        int wRow = (ky * k + kx) * c;
                        for (int ch = 0; ch < c; ch++) {
                            out[o + ch] += in[src + ch] * weight[wRow + ch];
                        }
                    }
                }
                activate(out, o, c, act);
            }
        }
    }

    /**
     * Pointwise convolution over pixels [begin, end): out = act(in * weight + bias) + residual,
     * weight [cin][cout]; residual may be null. Four pixels share each pass over the weights.
     */
    public static void pwconv(float[] in, int inOff, int cin, int inPs,
                              float[] weight, float[] bias, int cout, Activation act,
                              float[] res, int resOff, int resPs,
                              float[] out, int outOff, int outPs, int begin, int end) {
        int p = begin;
        for (; p + 4 <= end; p += 4) {
            int o0 = outOff + p * outPs, o1 = o0 + outPs, o2 = o1 + outPs, o3 = o2 + outPs;
            int i0 = inOff + p * inPs, i1 = i0 + inPs, i2 = i1 + inPs, i3 = i2 + inPs;
            System.arraycopy(bias, 0, out, o0, cout);
            System.arraycopy(bias, 0, out, o1, cout);
            System.arraycopy(bias, 0, out, o2, cout);
            System.arraycopy(bias, 0, out, o3, cout);
            for (int ci = 0; ci < cin; ci++) {
                float a0 = in[i0 + ci], a1 = in[i1 + ci], a2 = in[i2 + ci], a3 = in[i3 + ci];
                int wRow = ci * cout;
                for (int co = 0; co < cout; co++) {
                    float wv = weight[wRow + co];
                    out[o0 + co] += a0 * wv;
                    out[o1 + co] += a1 * wv;
                    out[o2 + co] += a2 * wv;
                    out[o3 + co] += a3 * wv;
                }
            }
            for (int q = 0; q < 4; q++) {
                epilogue(out, o0 + q * outPs, cout, act, res, res == null ? 0 : resOff + (p + q) * resPs);
            }
        }
        for (; p < end; p++) {
            int o = outOff + p * outPs;
            int i = inOff + p * inPs;
            System.arraycopy(bias, 0, out, o, cout);
            for (int ci = 0; ci < cin; ci++) {
                float a = in[i + ci];
                int wRow = ci * cout;
                for (int co = 0; co < cout; co++) {
                    out[o + co] += a * weight[wRow + co];
                }
            }
            epilogue(out, o, cout, act, res, res == null ? 0 : resOff + p * resPs);
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

    private static void activate(float[] x, int off, int len, Activation act) {
        switch (act) {
            case RELU:
                for (int i = off; i < off + len; i++) {
                    x[i] = Math.max(x[i], 0f);
                }
                break;
            case RELU6:
                for (int i = off; i < off + len; i++) {
                    x[i] = Math.min(Math.max(x[i], 0f), 6f);
                }
                break;
            default:
                break;
        }
    }

    private static void epilogue(float[] out, int o, int cout, Activation act, float[] res, int r) {
        activate(out, o, cout, act);
        if (res != null) {
            for (int co = 0; co < cout; co++) {
                out[o + co] += res[r + co];
            }
        }
    }
}
