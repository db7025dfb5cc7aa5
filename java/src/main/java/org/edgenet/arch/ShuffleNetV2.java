package org.edgenet.arch;

import org.edgenet.graph.Activation;
import org.edgenet.graph.Graph;
import org.edgenet.graph.GraphBuilder;
import org.edgenet.graph.ParameterSource;
import org.edgenet.graph.Value;

/**
 * ShuffleNetV2 (Ma et al., 2018) as torchvision 0.14 defines it, keys included: {@code conv1.0/1}
 * stem, {@code stageS.N.branch1.{0..3}} (stride-2 units: 3x3 depthwise + BN, 1x1 + BN + ReLU),
 * {@code stageS.N.branch2.{0,1,3,4,5,6}} (1x1 + BN + ReLU, 3x3 depthwise + BN, 1x1 + BN + ReLU),
 * {@code conv5.0/1}, {@code fc}.
 *
 * <p>cat(a, b) followed by channel_shuffle(2) puts a's channel j at 2j and b's at 2j + 1, so each
 * branch's last 1x1 writes straight into the even or odd channels of the unit's output (strided
 * views), and chunk(2) is two views of the input. Only the untouched half of a stride-1 unit must
 * move: a channel copy into the even channels.
 */
public final class ShuffleNetV2 extends ZooNetwork {

    /** Units per stage 2, 3, 4 (the first one stride 2). */
    private static final int[] REPEATS = {4, 8, 4};
    /** torchvision's stages_out_channels (stem, stage 2, 3, 4, conv5) by width. */
    private static final double[][] CHANNELS = {
        // width, stem, stage2, stage3, stage4, conv5
        {0.5, 24, 48, 96, 192, 1024},
        {1.0, 24, 116, 232, 464, 1024},
        {1.5, 24, 176, 352, 704, 1024},
        {2.0, 24, 244, 488, 976, 2048},
    };
    /** ImageNet top-1 (%) of torchvision's IMAGENET1K_V1 weights (ShuffleNet_V2_*_Weights meta, 0.14). */
    private static final double[] TOP1 = {60.552, 69.362, 72.996, 76.230};
    static final double[] WIDTHS = {0.5, 1.0, 1.5, 2.0};
    private static final double BN_EPS = 1e-5;

    private final int row;

    public ShuffleNetV2(double width, String name) {
        super(name, "shufflenet_v2", TOP1[row(width)]);
        this.row = row(width);
    }

    public double width() {
        return CHANNELS[row][0];
    }

    private static int row(double width) {
        for (int i = 0; i < CHANNELS.length; i++) {
            if (CHANNELS[i][0] == width) {
                return i;
            }
        }
        throw new IllegalArgumentException("ShuffleNetV2 width must be 0.5, 1.0, 1.5 or 2.0, got " + width);
    }

    @Override
    public Graph build(int n, int h, int w, int numClasses, ParameterSource params) {
        GraphBuilder g = new GraphBuilder();
        Layers layers = new Layers(g, params, BN_EPS);
        double[] c = CHANNELS[row];
        Value x = g.input(n, h, w, 3);
        x = layers.convBn(x, "conv1.0", "conv1.1", (int) c[1], 3, 2, 1, Activation.RELU);
        x = layers.maxPool(x, "maxpool", 3, 2, 1);
        for (int s = 0; s < REPEATS.length; s++) {
            int out = (int) c[2 + s];
            for (int i = 0; i < REPEATS[s]; i++) {
                String p = "stage" + (s + 2) + "." + i;
                x = i == 0 ? downsample(layers, x, p, out) : basic(layers, x, p);
            }
        }
        x = layers.convBn(x, "conv5.0", "conv5.1", (int) c[5], 1, 1, 1, Activation.RELU);
        x = layers.globalAvgPool(x, "mean");
        x = layers.linear(x, "fc", numClasses, Activation.NONE);
        return g.build(x);
    }

    /** Stride 2: both branches see the whole input; branch1 → even channels, branch2 → odd. */
    private static Value downsample(Layers layers, Value in, String p, int out) {
        GraphBuilder g = layers.graph();
        int half = out / 2;
        Value a = layers.convBn(in, p + ".branch1.0", p + ".branch1.1", in.c, 3, 2, in.c, Activation.NONE);
        Value cat = g.value(p, in.n, a.h, a.w, out);
        layers.conv(a, p + ".branch1.2", half).bn(p + ".branch1.3").act(Activation.RELU)
                .into(g.view(cat, p + ".even", 0, 2, half)).build();
        branch2(layers, in, p, 2, g.view(cat, p + ".odd", 1, 2, half));
        return cat;
    }

    /** Stride 1: the first half passes through to the even channels, branch2 of the second half → odd. */
    private static Value basic(Layers layers, Value in, String p) {
        GraphBuilder g = layers.graph();
        int half = in.c / 2;
        Value cat = g.value(p, in.n, in.h, in.w, in.c);
        layers.copy(g.view(in, p + ".x1", 0, half), p + ".passthrough", g.view(cat, p + ".even", 0, 2, half));
        branch2(layers, g.view(in, p + ".x2", half, half), p, 1, g.view(cat, p + ".odd", 1, 2, half));
        return cat;
    }

    private static void branch2(Layers layers, Value in, String p, int stride, Value into) {
        String b = p + ".branch2.";
        int c = into.c;
        Value x = layers.convBn(in, b + "0", b + "1", c, 1, 1, 1, Activation.RELU);
        x = layers.convBn(x, b + "3", b + "4", c, 3, stride, c, Activation.NONE);
        layers.conv(x, b + "5", c).bn(b + "6").act(Activation.RELU).into(into).build();
    }
}
