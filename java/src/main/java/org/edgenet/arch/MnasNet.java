package org.edgenet.arch;

import org.edgenet.graph.Activation;
import org.edgenet.graph.Graph;
import org.edgenet.graph.GraphBuilder;
import org.edgenet.graph.ParameterSource;
import org.edgenet.graph.Value;

/**
 * MnasNet-B1 (Tan et al., 2019; the variant without squeeze-excite) exactly as torchvision 0.14's
 * MNASNet defines it (model version 2: the stem is scaled by the depth multiplier too), keys
 * included: {@code layers.0-7} stem (3x3/2 conv, 3x3 depthwise, linear 1x1), {@code layers.8-13}
 * the six stacks ({@code layers.S.I.layers.0/1} expand, {@code .3/4} depthwise, {@code .6/7}
 * project), {@code layers.14/15} the 1x1 conv to 1280, {@code classifier.1} the linear layer
 * (classifier.0 is dropout). ReLU throughout; BatchNorm eps is PyTorch's default 1e-5 (torchvision
 * only changes its momentum).
 */
public final class MnasNet extends ZooNetwork {

    /**
     * torchvision's _stack calls (the paper's Figure 7, B1 form): expansion t, output depth c
     * (before the multiplier), repeats n, stride of the first repeat s, depthwise kernel k.
     */
    private static final int[][] STACKS = {
        // t,   c, n, s, k
        {3, 24, 3, 2, 3},
        {3, 40, 3, 2, 5},
        {6, 80, 3, 2, 5},
        {6, 96, 2, 1, 3},
        {6, 192, 4, 2, 5},
        {6, 320, 1, 1, 3},
    };
    private static final int STEM_CHANNELS = 32;
    private static final int STEM_OUT_CHANNELS = 16;
    /** Not scaled by the multiplier. */
    private static final int LAST_CHANNELS = 1280;
    private static final int ROUND_TO = 8;
    private static final int FIRST_STACK_INDEX = 8;
    private static final double BN_EPS = 1e-5;

    /** A published depth multiplier: its --arch name and top-1 (%). */
    record Variant(double alpha, String name, double top1) {}

    /** torchvision's documented acc@1 of each MNASNet*_Weights.IMAGENET1K_V1 (mnasnet.py, 0.14). */
    static final Variant[] VARIANTS = {
        new Variant(0.5, "mnasnet0_5", 67.734),
        new Variant(0.75, "mnasnet0_75", 71.180),
        new Variant(1.0, "mnasnet1_0", 73.456),
        new Variant(1.3, "mnasnet1_3", 76.506),
    };

    private final double alpha;

    public MnasNet(double alpha, String name, double top1) {
        super(name, "mnasnet", top1);
        if (!(alpha > 0 && alpha <= 4)) {
            throw new IllegalArgumentException("MnasNet depth multiplier must be in (0, 4], got " + alpha);
        }
        this.alpha = alpha;
    }

    public double alpha() {
        return alpha;
    }

    /**
     * torchvision's _round_to_multiple_of(c * alpha, 8, 0.9): the same arithmetic as
     * _make_divisible (round to nearest multiple, at least 8, up again if that lost over 10%).
     */
    private int scaled(int channels) {
        return Divisible.make(channels * alpha, ROUND_TO);
    }

    @Override
    public Graph build(int n, int h, int w, int numClasses, ParameterSource params) {
        GraphBuilder g = new GraphBuilder();
        Layers layers = new Layers(g, params, BN_EPS);
        Value x = g.input(n, h, w, 3);

        int stem = scaled(STEM_CHANNELS);
        x = layers.convBn(x, "layers.0", "layers.1", stem, 3, 2, 1, Activation.RELU);
        x = layers.convBn(x, "layers.3", "layers.4", stem, 3, 1, stem, Activation.RELU);
        x = layers.convBn(x, "layers.6", "layers.7", scaled(STEM_OUT_CHANNELS), 1, 1, 1, Activation.NONE);

        int index = FIRST_STACK_INDEX;
        for (int[] row : STACKS) {
            int t = row[0], out = scaled(row[1]), repeats = row[2], s = row[3], k = row[4];
            for (int i = 0; i < repeats; i++) {
                x = invertedResidual(layers, x, "layers." + index + "." + i + ".layers.", out, k, i == 0 ? s : 1, t);
            }
            index++;
        }

        x = layers.convBn(x, "layers." + index, "layers." + (index + 1), LAST_CHANNELS, 1, 1, 1, Activation.RELU);
        x = layers.globalAvgPool(x, "mean");
        x = layers.linear(x, "classifier.1", numClasses, Activation.NONE);
        return g.build(x);
    }

    /** 1x1 expand (always, t >= 3 here), KxK depthwise, linear 1x1 project, residual when shapes allow. */
    private static Value invertedResidual(Layers layers, Value in, String p, int out, int k, int stride, int t) {
        int mid = in.c * t;
        boolean residual = stride == 1 && in.c == out;
        Value x = layers.convBn(in, p + "0", p + "1", mid, 1, 1, 1, Activation.RELU);
        x = layers.convBn(x, p + "3", p + "4", mid, k, stride, mid, Activation.RELU);
        return layers.convBn(x, p + "6", p + "7", out, 1, 1, 1, Activation.NONE, residual ? in : null);
    }
}
