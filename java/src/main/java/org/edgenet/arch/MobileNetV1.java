package org.edgenet.arch;

import org.edgenet.graph.Activation;
import org.edgenet.graph.Graph;
import org.edgenet.graph.GraphBuilder;
import org.edgenet.graph.ParameterSource;
import org.edgenet.graph.Value;

/**
 * MobileNetV1 (Howard et al., 2017) as models/mobilenet_v1.py defines it (torchvision has none),
 * keys of the common nn.Sequential port: {@code model.0.0/1} stem conv and BatchNorm,
 * {@code model.N.0/1} depthwise conv and BatchNorm, {@code model.N.3/4} pointwise conv and
 * BatchNorm (N = 1..13, ReLU after each BatchNorm), global average pool, {@code fc} with bias.
 */
public final class MobileNetV1 extends ZooNetwork {

    /**
     * The paper's Table 1 after the stem, one row per depthwise-separable layer: stride s of the
     * 3x3 depthwise conv (first repeat), filters c of the 1x1 pointwise conv, repeats n ("5x").
     */
    private static final int[][] BLOCKS = {
        // s,    c, n
        {1, 64, 1},
        {2, 128, 1},
        {1, 128, 1},
        {2, 256, 1},
        {1, 256, 1},
        {2, 512, 1},
        {1, 512, 5},
        {2, 1024, 1},
        {1, 1024, 1},  // Table 1 prints s2, but its sizes (7x7 in and out) and TF-slim say stride 1
    };
    private static final int STEM_CHANNELS = 32;
    /** TF-slim's min_depth: no layer narrower than 8 channels. */
    private static final int MIN_CHANNELS = 8;
    private static final double BN_EPS = 1e-5;

    /** Widths with published results and their top-1 (%) at 224x224, the paper's Table 6 (no torchvision weights). */
    static final double[][] WIDTHS = {{0.25, 50.6}, {0.5, 63.7}, {0.75, 68.4}, {1.0, 70.6}};

    private final double width;

    public MobileNetV1(double width, String name, double top1) {
        super(name, "mobilenet_v1", top1);
        if (!(width > 0 && width <= 4)) {
            throw new IllegalArgumentException("MobileNetV1 width multiplier must be in (0, 4], got " + width);
        }
        this.width = width;
    }

    public double width() {
        return width;
    }

    /** TF-slim's depth(): max(int(c * width), 8); exact for the published widths. */
    private int scaled(int channels) {
        return Math.max((int) (channels * width), MIN_CHANNELS);
    }

    @Override
    public Graph build(int n, int h, int w, int numClasses, ParameterSource params) {
        GraphBuilder g = new GraphBuilder();
        Layers layers = new Layers(g, params, BN_EPS);
        Value x = g.input(n, h, w, 3);

        x = layers.convBn(x, "model.0.0", "model.0.1", scaled(STEM_CHANNELS), 3, 2, 1, Activation.RELU);
        int index = 1;
        for (int[] row : BLOCKS) {
            int s = row[0], c = scaled(row[1]), repeats = row[2];
            for (int i = 0; i < repeats; i++) {
                String p = "model." + index + ".";
                x = layers.convBn(x, p + "0", p + "1", x.c, 3, i == 0 ? s : 1, x.c, Activation.RELU);
                x = layers.convBn(x, p + "3", p + "4", c, 1, 1, 1, Activation.RELU);
                index++;
            }
        }
        x = layers.globalAvgPool(x, "avgpool");
        x = layers.linear(x, "fc", numClasses, Activation.NONE);
        return g.build(x);
    }
}
