package org.edgenet.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.edgenet.Tensor;
import org.edgenet.graph.Activation;
import org.edgenet.graph.Graph;
import org.edgenet.graph.GraphBuilder;
import org.edgenet.graph.MemoryPlan;
import org.edgenet.graph.Op;
import org.edgenet.graph.Value;
import org.junit.jupiter.api.Test;

/**
 * The native executor on the ops beyond MobileNetV2, through views as the zoo uses them: a grouped
 * pointwise with Megvii's interleaved input, a ShuffleNetV2-style shuffled concat (channel copy into
 * the even channels, a pointwise with a residual into the odd ones), squeeze-and-excitation over the
 * concat, an add, max and average window pooling. Checked against the ops' definitions written
 * here in plain Java (double sums, {@link Activation#apply}).
 */
class NativeExecutorOpsTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(7);
    private static final int H = 7, W = 6, C = 8, G = 2, A = 12, M = 5;

    private static float[] random(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (RANDOM.nextDouble() * 2 - 1);
        }
        return v;
    }

    @Test
    void shuffleConcatSqueezeExciteAddAndPools() {
        GraphBuilder gb = new GraphBuilder();
        Value in = gb.input(1, H, W, C);
        Value a = gb.value("a", 1, H, W, A);
        Value d = gb.value("d", 1, H, W, A);
        Value cat = gb.value("cat", 1, H, W, 2 * A);
        Value even = gb.view(cat, "even", 0, 2, A), odd = gb.view(cat, "odd", 1, 2, A);
        Value se = gb.value("se", 1, H, W, 2 * A);
        Value sum = gb.value("sum", 1, H, W, 2 * A);
        int ph = (H + 2 - 3) / 2 + 1, pw = (W + 2 - 3) / 2 + 1;
        Value maxed = gb.value("maxed", 1, ph, pw, 2 * A);
        Value avg = gb.value("avg", 1, ph - 1, pw - 1, 2 * A);

        float[] w1 = random(C * A / G), b1 = random(A), wd = random(9 * A), bd = random(A);
        float[] w2 = random(A * A), b2 = random(A);
        float[] sw1 = random(M * 2 * A), sb1 = random(M), sw2 = random(2 * A * M), sb2 = random(2 * A);
        gb.add(new Op.Pointwise("pw1", in, a, G, true, null, Activation.HSWISH, w1, b1));
        gb.add(new Op.Depthwise("dw", a, d, 3, 1, 1, Activation.RELU6, wd, bd));
        gb.add(new Op.ChannelCopy("copy", a, even));
        gb.add(new Op.Pointwise("pw2", d, odd, 1, false, d, Activation.RELU, w2, b2));
        gb.add(new Op.SqueezeExcite("se", cat, se, M, Activation.SILU, Activation.HSIGMOID, sw1, sb1, sw2, sb2));
        gb.add(new Op.Add("add", se, cat, sum, Activation.SIGMOID));
        gb.add(new Op.WindowPool("max", sum, maxed, true, 3, 2, 1));
        gb.add(new Op.WindowPool("avg", maxed, avg, false, 2, 1, 0));
        Graph graph = gb.build(avg);

        float[] x = random(C * H * W);  // NCHW
        float[] xh = new float[x.length];
        for (int c = 0; c < C; c++) {
            for (int p = 0; p < H * W; p++) {
                xh[p * C + c] = x[c * H * W + p];
            }
        }
        // The definitions, NHWC.
        float[] ra = pointwise(xh, C, G, true, w1, b1, A, null, Activation.HSWISH);
        float[] rd = depthwise(ra, A, wd, bd, Activation.RELU6);
        float[] rodd = pointwise(rd, A, 1, false, w2, b2, A, rd, Activation.RELU);
        float[] rcat = new float[H * W * 2 * A];
        for (int p = 0; p < H * W; p++) {
            for (int j = 0; j < A; j++) {
                rcat[p * 2 * A + 2 * j] = ra[p * A + j];
                rcat[p * 2 * A + 2 * j + 1] = rodd[p * A + j];
            }
        }
        float[] rse = squeezeExcite(rcat, 2 * A, sw1, sb1, sw2, sb2);
        float[] rsum = new float[rse.length];
        for (int i = 0; i < rsum.length; i++) {
            rsum[i] = Activation.SIGMOID.apply(rse[i] + rcat[i]);
        }
        float[] rmax = pool(rsum, H, W, 2 * A, true, 3, 2, 1);
        float[] ravg = pool(rmax, ph, pw, 2 * A, false, 2, 1, 0);

        for (int threads : new int[] {1, 3}) {
            try (NativeExecutor exec = new NativeExecutor(graph, MemoryPlan.of(graph), threads);
                 Tensor t = Tensor.of(x, 1, C, H, W)) {
                float[] got = exec.run(t);
                assertEquals(ravg.length, got.length);
                for (int i = 0; i < got.length; i++) {
                    assertTrue(Math.abs(got[i] - ravg[i]) <= 1e-5f * (1 + Math.abs(ravg[i])),
                            "threads " + threads + " element " + i + ": native " + got[i] + " definition " + ravg[i]);
                }
            }
        }
    }

    /** Grouped 1x1: group gi reads channels gi*cinG + k, or gi + k*groups when interleaved. */
    private static float[] pointwise(float[] x, int cin, int groups, boolean interleaved, float[] w, float[] b,
                                     int cout, float[] res, Activation act) {
        int cinG = cin / groups, coutG = cout / groups;
        float[] y = new float[H * W * cout];
        for (int p = 0; p < H * W; p++) {
            for (int gi = 0; gi < groups; gi++) {
                for (int o = 0; o < coutG; o++) {
                    double acc = b[gi * coutG + o];
                    for (int k = 0; k < cinG; k++) {
                        int ch = interleaved ? gi + k * groups : gi * cinG + k;
                        acc += (double) x[p * cin + ch] * w[(gi * cinG + k) * coutG + o];
                    }
                    if (res != null) {
                        acc += res[p * cout + gi * coutG + o];
                    }
                    y[p * cout + gi * coutG + o] = act.apply((float) acc);
                }
            }
        }
        return y;
    }

    private static float[] depthwise(float[] x, int c, float[] w, float[] b, Activation act) {
        float[] y = new float[H * W * c];
        for (int oy = 0; oy < H; oy++) {
            for (int ox = 0; ox < W; ox++) {
                for (int ch = 0; ch < c; ch++) {
                    double acc = b[ch];
                    for (int ky = 0; ky < 3; ky++) {
                        for (int kx = 0; kx < 3; kx++) {
                            int iy = oy - 1 + ky, ix = ox - 1 + kx;
                            if (iy >= 0 && iy < H && ix >= 0 && ix < W) {
                                acc += (double) x[(iy * W + ix) * c + ch] * w[(ky * 3 + kx) * c + ch];
                            }
                        }
                    }
                    y[(oy * W + ox) * c + ch] = act.apply((float) acc);
                }
            }
        }
        return y;
    }

    private static float[] squeezeExcite(float[] x, int c, float[] w1, float[] b1, float[] w2, float[] b2) {
        double[] s = new double[c];
        for (int p = 0; p < H * W; p++) {
            for (int ch = 0; ch < c; ch++) {
                s[ch] += x[p * c + ch];
            }
        }
        float[] z = new float[M];
        for (int j = 0; j < M; j++) {
            double acc = b1[j];
            for (int ch = 0; ch < c; ch++) {
                acc += w1[j * c + ch] * (s[ch] / (H * W));
            }
            z[j] = Activation.SILU.apply((float) acc);
        }
        float[] y = new float[x.length];
        for (int ch = 0; ch < c; ch++) {
            double acc = b2[ch];
            for (int j = 0; j < M; j++) {
                acc += (double) w2[ch * M + j] * z[j];
            }
            float g = Activation.HSIGMOID.apply((float) acc);
            for (int p = 0; p < H * W; p++) {
                y[p * c + ch] = x[p * c + ch] * g;
            }
        }
        return y;
    }

    /** nn.MaxPool2d (padding never wins) / nn.AvgPool2d (count_include_pad: divide by k*k). */
    private static float[] pool(float[] x, int h, int w, int c, boolean max, int k, int stride, int pad) {
        int oh = (h + 2 * pad - k) / stride + 1, ow = (w + 2 * pad - k) / stride + 1;
        float[] y = new float[oh * ow * c];
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                for (int ch = 0; ch < c; ch++) {
                    double acc = max ? Double.NEGATIVE_INFINITY : 0;
                    for (int ky = 0; ky < k; ky++) {
                        for (int kx = 0; kx < k; kx++) {
                            int iy = oy * stride - pad + ky, ix = ox * stride - pad + kx;
                            if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                float v = x[(iy * w + ix) * c + ch];
                                acc = max ? Math.max(acc, v) : acc + v;
                            }
                        }
                    }
                    y[(oy * ow + ox) * c + ch] = (float) (max ? acc : acc / (k * k));
                }
            }
        }
        return y;
    }
}
