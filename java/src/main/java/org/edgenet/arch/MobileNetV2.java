package org.edgenet.arch;

import org.edgenet.graph.Activation;
import org.edgenet.graph.Graph;
import org.edgenet.graph.GraphBuilder;
import org.edgenet.graph.ParameterSource;
import org.edgenet.graph.Value;

/**
 * MobileNetV2 (Sandler et al., 2018) as torchvision defines it, keys included:
 * {@code features.0} stem, {@code features.1..17} inverted residual blocks, {@code features.18} the
 * last 1x1 conv, {@code classifier.1} the linear layer (classifier.0 is dropout).
 */
public final class MobileNetV2 extends ZooNetwork {

    /** The paper's Table 2: expansion t, output channels c, repeats n, stride of the first repeat s. */
    private static final int[][] BLOCKS = {
        // t,   c, n, s
        {1, 16, 1, 1},
        {6, 24, 2, 2},
        {6, 32, 3, 2},
        {6, 64, 4, 2},
        {6, 96, 3, 1},
        {6, 160, 3, 2},
        {6, 320, 1, 1},
    };
    private static final int STEM_CHANNELS = 32;
    private static final int LAST_CHANNELS = 1280;
    private static final int ROUND_TO = 8;
    private static final double BN_EPS = 1e-5;

    /** Widths with published ImageNet results, and their top-1 (%) from the paper at 224x224. */
    static final double[][] WIDTHS = {{0.35, 60.3}, {0.5, 65.4}, {0.75, 69.8}, {1.0, 71.878}, {1.4, 74.7}};

    private final double width;

    public MobileNetV2(double width, String name, double top1) {
        super(name, "mobilenet_v2", top1);
        if (!(width > 0 && width <= 4)) {
            throw new IllegalArgumentException("MobileNetV2 width multiplier must be in (0, 4], got " + width);
        }
        this.width = width;
    }

    public double width() {
        return width;
    }

    @Override
    public Graph build(int n, int h, int w, int numClasses, ParameterSource params) {
        GraphBuilder g = new GraphBuilder();
        Layers layers = new Layers(g, params, BN_EPS);
        Value x = g.input(n, h, w, 3);

        int channels = Divisible.make(STEM_CHANNELS * width, ROUND_TO);
        x = layers.convBn(x, "features.0.0", "features.0.1", channels, 3, 2, 1, Activation.RELU6);

        int index = 1;
        for (int[] row : BLOCKS) {
            int t = row[0], c = row[1], repeats = row[2], s = row[3];
            int out = Divisible.make(c * width, ROUND_TO);
            for (int i = 0; i < repeats; i++) {
                x = invertedResidual(layers, x, "features." + index + ".conv.", out, i == 0 ? s : 1, t);
                index++;
            }
        }

        int last = Divisible.make(LAST_CHANNELS * Math.max(1.0, width), ROUND_TO);
        String head = "features." + index;
        x = layers.convBn(x, head + ".0", head + ".1", last, 1, 1, 1, Activation.RELU6);
        x = layers.globalAvgPool(x, "avgpool");
        x = layers.linear(x, "classifier.1", numClasses, Activation.NONE);
        return g.build(x);
    }

    /** 1x1 expand (skipped when t = 1), 3x3 depthwise, linear 1x1 project, residual when shapes allow. */
    private static Value invertedResidual(Layers layers, Value in, String p, int out, int stride, int t) {
        int hidden = (int) Math.round(in.c * (double) t);  // torchvision: int(round(inp * expand_ratio))
        boolean residual = stride == 1 && in.c == out;
        Value x = in;
        int i = 0;
        if (t != 1) {
            x = layers.convBn(x, p + "0.0", p + "0.1", hidden, 1, 1, 1, Activation.RELU6);
            i = 1;
        }
        x = layers.convBn(x, p + i + ".0", p + i + ".1", hidden, 3, stride, hidden, Activation.RELU6);
        return layers.convBn(x, p + (i + 1), p + (i + 2), out, 1, 1, 1, Activation.NONE, residual ? in : null);
    }
}
