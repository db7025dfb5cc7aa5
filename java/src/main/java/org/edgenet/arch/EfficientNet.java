package org.edgenet.arch;

import org.edgenet.graph.Activation;
import org.edgenet.graph.Graph;
import org.edgenet.graph.GraphBuilder;
import org.edgenet.graph.ParameterSource;
import org.edgenet.graph.Value;

/**
 * EfficientNet-B0 (Tan and Le, 2019) exactly as torchvision 0.14 defines it, keys included:
 * {@code features.0} stem (3x3/2 conv, SiLU), {@code features.1..7} the MBConv stages
 * ({@code features.S.I.block.K}: 1x1 expand unless the ratio is 1, depthwise, squeeze-excite with
 * {@code fc1/fc2}, linear 1x1 project), {@code features.8} the 1x1 conv to 4x the last width,
 * {@code classifier.1} the linear layer (classifier.0 is dropout). SiLU throughout; BatchNorm eps
 * is PyTorch's default 1e-5 for B0 (torchvision passes eps 1e-3 only from B5 on and for V2).
 * Stochastic depth is the identity at inference, so a residual is a plain add.
 */
public final class EfficientNet extends ZooNetwork {

    /**
     * The paper's Table 1, stages 2-8, as torchvision's MBConvConfig rows: expansion t, depthwise
     * kernel k, stride of the first layer s, output channels c, layers n.
     */
    private static final int[][] STAGES = {
        // t, k, s,   c, n
        {1, 3, 1, 16, 1},
        {6, 3, 2, 24, 2},
        {6, 5, 2, 40, 2},
        {6, 3, 2, 80, 3},
        {6, 5, 1, 112, 3},
        {6, 5, 2, 192, 4},
        {6, 3, 1, 320, 1},
    };
    private static final int STEM_CHANNELS = 32;
    private static final int LAST_CONV_FACTOR = 4;
    private static final int ROUND_TO = 8;
    /** The squeeze width is a quarter of the block's input width (not its expanded width). */
    private static final int SE_REDUCTION = 4;
    private static final double BN_EPS = 1e-5;

    /** torchvision's documented acc@1 of EfficientNet_B0_Weights.IMAGENET1K_V1 (efficientnet.py, 0.14). */
    static final double B0_TOP1 = 77.692;


    public EfficientNet(String name, double top1) {
        super(name, "efficientnet", top1);
    }

    @Override
    public Graph build(int n, int h, int w, int numClasses, ParameterSource params) {
        GraphBuilder g = new GraphBuilder();
        Layers layers = new Layers(g, params, BN_EPS);
        Value x = g.input(n, h, w, 3);

        x = layers.convBn(x, "features.0.0", "features.0.1", STEM_CHANNELS, 3, 2, 1, Activation.SILU);
        int stage = 1;
        for (int[] row : STAGES) {
            int t = row[0], k = row[1], s = row[2], out = row[3], repeats = row[4];
            for (int i = 0; i < repeats; i++) {
                x = mbConv(layers, x, "features." + stage + "." + i + ".block.", out, k, i == 0 ? s : 1, t);
            }
            stage++;
        }

        String head = "features." + stage;
        x = layers.convBn(x, head + ".0", head + ".1", LAST_CONV_FACTOR * x.c, 1, 1, 1, Activation.SILU);
        x = layers.globalAvgPool(x, "avgpool");
        x = layers.linear(x, "classifier.1", numClasses, Activation.NONE);
        return g.build(x);
    }

    /**
     * 1x1 expand to make_divisible(in * t, 8) (skipped when that equals the input width), KxK
     * depthwise, squeeze-excite (SiLU inside, sigmoid gate, max(1, in / 4) wide), linear 1x1
     * project with the input added when stride is 1 and the width is kept.
     */
    private static Value mbConv(Layers layers, Value in, String p, int out, int k, int stride, int t) {
        int expanded = Divisible.make(in.c * (double) t, ROUND_TO);
        Value x = in;
        int i = 0;
        if (expanded != in.c) {
            x = layers.convBn(x, p + i + ".0", p + i + ".1", expanded, 1, 1, 1, Activation.SILU);
            i++;
        }
        x = layers.convBn(x, p + i + ".0", p + i + ".1", expanded, k, stride, expanded, Activation.SILU);
        i++;
        int squeeze = Math.max(1, in.c / SE_REDUCTION);
        x = layers.squeezeExcite(x, p + i, p + i + ".fc1", p + i + ".fc2", squeeze, Activation.SILU,
                Activation.SIGMOID);
        i++;
        boolean residual = stride == 1 && in.c == out;
        return layers.convBn(x, p + i + ".0", p + i + ".1", out, 1, 1, 1, Activation.NONE, residual ? in : null);
    }
}
