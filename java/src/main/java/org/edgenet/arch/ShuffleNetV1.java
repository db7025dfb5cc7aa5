package org.edgenet.arch;

import org.edgenet.graph.Activation;
import org.edgenet.graph.Graph;
import org.edgenet.graph.GraphBuilder;
import org.edgenet.graph.ParameterSource;
import org.edgenet.graph.Value;
import org.edgenet.image.Preprocess;

/**
 * ShuffleNetV1 (Zhang et al., 2017) with the keys and channel shuffle of Megvii's released
 * checkpoints (megvii-model/ShuffleNet-Series, ShuffleNetV1/): {@code first_conv.0/1} stem,
 * {@code features.N.branch_main_1.{0,1,3,4}} grouped 1x1 + BN + ReLU, 3x3 depthwise + BN,
 * {@code features.N.branch_main_2.{0,1}} grouped 1x1 + BN, {@code classifier.0} a Linear without bias.
 *
 * <p>Megvii shuffles after the depthwise BN with reshape(b, c/g, g) → permute, i.e. group gi of the
 * next grouped 1x1 reads channels gi, gi + g, ...: exactly {@code interleavedInput}, so the
 * shuffle costs nothing. A stride-2 unit writes cat(avgpool3x3s2(x), relu(main)) as two views of
 * one buffer; a stride-1 unit fuses relu(main + x) into the last 1x1.
 *
 * <p>Channel rule for the widths and groups Megvii did not publish (it reproduces their g=3 and
 * g=8 tables exactly): stage outputs = Table 1 at 1.0x times the width, rounded half up to a
 * multiple of 4g (the bottleneck out/4 feeds g groups); stem = {0.5x: 12, 1.0x: 24, 1.5x: 24,
 * 2.0x: 48} rounded up to a multiple of g, so that stage 2's first unit, which concatenates the
 * pooled stem with out - stem channels from a g-group conv, divides.
 */
public final class ShuffleNetV1 extends ZooNetwork {

    /** Paper Table 1: output channels of stages 2, 3, 4 at 1.0x, by group count. */
    private static final int[][] TABLE_1 = {
        // g, stage2, stage3, stage4
        {1, 144, 288, 576},
        {2, 200, 400, 800},
        {3, 240, 480, 960},
        {4, 272, 544, 1088},
        {8, 384, 768, 1536},
    };
    /** Units per stage (the first one stride 2). */
    private static final int[] REPEATS = {4, 8, 4};
    /** Stem channels by width (Megvii's, before rounding to a multiple of g). */
    private static final double[][] STEMS = {{0.5, 12}, {1.0, 24}, {1.5, 24}, {2.0, 48}};
    static final double[] WIDTHS = {0.5, 1.0, 1.5, 2.0};
    static final int[] GROUPS = {1, 2, 3, 4, 8};
    private static final double BN_EPS = 1e-5;

    /**
     * ImageNet top-1 (%) by width 0.5x, 1.0x, 1.5x, 2.0x, as 100 - the published top-1 error:
     * g=3 and g=8 from Megvii's ShuffleNetV1/README.md (their released weights); g=1, 2, 4 from the
     * paper's Table 2 (arXiv:1707.01083v2), which reports them only at 0.5x and 1.0x (NaN: none).
     */
    private static final double[][] TOP1 = {
        {1, 54.9, 66.4, Double.NaN, Double.NaN},
        {2, 55.6, 67.3, Double.NaN, Double.NaN},
        {3, 57.3, 67.8, 71.6, 74.1},
        {4, 58.4, 67.2, Double.NaN, Double.NaN},
        {8, 58.8, 68.0, 71.0, 72.9},
    };

    private final int groups;
    private final double width;

    public ShuffleNetV1(int groups, double width, String name) {
        super(name, "shufflenet_v1", top1(groups, width));
        if (row(groups) == null) {
            throw new IllegalArgumentException("ShuffleNetV1 groups must be 1, 2, 3, 4 or 8, got " + groups);
        }
        if (widthIndex(width) < 0) {
            throw new IllegalArgumentException("ShuffleNetV1 width must be 0.5, 1.0, 1.5 or 2.0, got " + width);
        }
        this.groups = groups;
        this.width = width;
    }

    /** The published top-1 of groups and width, NaN where none is published. */
    private static double top1(int groups, double width) {
        for (double[] r : TOP1) {
            if (r[0] == groups) {
                return widthIndex(width) < 0 ? Double.NaN : r[1 + widthIndex(width)];
            }
        }
        return Double.NaN;
    }

    /** Megvii trained on OpenCV-decoded BGR values in 0..255 with no normalisation (train.py, ToBGRTensor). */
    @Override
    public Preprocess preprocess(int cropSize) {
        return Preprocess.bgr255(cropSize);
    }

    public int groups() {
        return groups;
    }

    public double width() {
        return width;
    }

    /** Stem channels under the channel rule. */
    public int stemChannels() {
        int stem = (int) STEMS[widthIndex(width)][1];
        return (stem + groups - 1) / groups * groups;
    }

    /** Output channels of stages 2, 3, 4 under the channel rule. */
    public int[] stageChannels() {
        int[] table = row(groups);
        int unit = 4 * groups;
        int[] out = new int[3];
        for (int i = 0; i < 3; i++) {
            out[i] = (int) Math.floor(table[1 + i] * width / unit + 0.5) * unit;
        }
        return out;
    }

    @Override
    public Graph build(int n, int h, int w, int numClasses, ParameterSource params) {
        GraphBuilder g = new GraphBuilder();
        Layers layers = new Layers(g, params, BN_EPS);
        Value x = g.input(n, h, w, 3);
        x = layers.convBn(x, "first_conv.0", "first_conv.1", stemChannels(), 3, 2, 1, Activation.RELU);
        x = layers.maxPool(x, "maxpool", 3, 2, 1);

        int[] stages = stageChannels();
        int index = 0;
        for (int s = 0; s < stages.length; s++) {
            for (int i = 0; i < REPEATS[s]; i++) {
                boolean firstGrouped = !(s == 0 && i == 0);  // stage 2's first 1x1 sees only the stem
                x = unit(layers, x, "features." + index, stages[s], i == 0 ? 2 : 1, firstGrouped);
                index++;
            }
        }
        x = layers.globalAvgPool(x, "globalpool");
        x = layers.linear(x, "classifier.0", numClasses, Activation.NONE, false);
        return g.build(x);
    }

    private Value unit(Layers layers, Value in, String p, int out, int stride, boolean firstGrouped) {
        GraphBuilder g = layers.graph();
        int mid = out / 4;
        Value x = layers.conv(in, p + ".branch_main_1.0", mid).groups(firstGrouped ? groups : 1)
                .bn(p + ".branch_main_1.1").act(Activation.RELU).build();
        x = layers.convBn(x, p + ".branch_main_1.3", p + ".branch_main_1.4", mid, 3, stride, mid, Activation.NONE);
        if (stride == 1) {
            return layers.conv(x, p + ".branch_main_2.0", out).groups(groups).interleavedInput()
                    .bn(p + ".branch_main_2.1").act(Activation.RELU).residual(in).build();
        }
        // cat(avgpool(x), relu(main)): both halves written straight into one buffer.
        Value cat = g.value(p, in.n, x.h, x.w, out);
        layers.avgPool(in, p + ".branch_proj", 3, 2, 1, g.view(cat, p + ".proj", 0, in.c));
        Value main = g.view(cat, p + ".main", in.c, out - in.c);
        layers.conv(x, p + ".branch_main_2.0", out - in.c).groups(groups).interleavedInput()
                .bn(p + ".branch_main_2.1").act(Activation.RELU).into(main).build();
        return cat;
    }

    private static int[] row(int groups) {
        for (int[] r : TABLE_1) {
            if (r[0] == groups) {
                return r;
            }
        }
        return null;
    }

    private static int widthIndex(double width) {
        for (int i = 0; i < WIDTHS.length; i++) {
            if (WIDTHS[i] == width) {
                return i;
            }
        }
        return -1;
    }
}
