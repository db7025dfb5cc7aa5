package org.edgenet.arch;

import org.edgenet.graph.Activation;
import org.edgenet.graph.Graph;
import org.edgenet.graph.GraphBuilder;
import org.edgenet.graph.ParameterSource;
import org.edgenet.graph.Value;

/**
 * GhostNet (Han et al., 2020) with the keys of the authors' release (huawei-noah
 * Efficient-AI-Backbones, ghostnet_pytorch/ghostnet.py, ghostnet_1x.pth): {@code conv_stem},
 * {@code bn1}, {@code blocks.S.B.{ghost1,ghost2}.{primary_conv,cheap_operation}.{0,1}},
 * {@code blocks.S.B.conv_dw/bn_dw}, {@code blocks.S.B.se.conv_reduce/conv_expand},
 * {@code blocks.S.B.shortcut.{0..3}}, {@code blocks.9.0.conv/bn1}, {@code conv_head}, {@code classifier}.
 *
 * <p>A ghost module's primary 1x1 writes the first half of one buffer and its cheap 3x3 depthwise
 * reads that half and writes the second: the concat costs nothing.
 */
public final class GhostNet extends ZooNetwork {

    /** Paper Table 1, grouped as the authors' blocks.S stages: kernel, expansion, out, SE, stride. */
    private static final double[][][] TABLE = {
        {{3, 16, 16, 0, 1}},
        {{3, 48, 24, 0, 2}},
        {{3, 72, 24, 0, 1}},
        {{5, 72, 40, 0.25, 2}},
        {{5, 120, 40, 0.25, 1}},
        {{3, 240, 80, 0, 2}},
        {{3, 200, 80, 0, 1}, {3, 184, 80, 0, 1}, {3, 184, 80, 0, 1}, {3, 480, 112, 0.25, 1}, {3, 672, 112, 0.25, 1}},
        {{5, 672, 160, 0.25, 2}},
        {{5, 960, 160, 0, 1}, {5, 960, 160, 0.25, 1}, {5, 960, 160, 0, 1}, {5, 960, 160, 0.25, 1}},
    };
    private static final int STEM_CHANNELS = 16;
    private static final int HEAD_CHANNELS = 1280;
    private static final int ROUND_TO = 4;
    private static final double BN_EPS = 1e-5;

    private final double width;

    public GhostNet(double width, String name, double top1) {
        super(name, "ghostnet", top1);
        this.width = width;
    }

    /**
     * timm's ghostnet_100 (pytorch-image-models timm/models/ghostnet.py) stores every parameter
     * under the authors' keys (its head ConvBnAct is conv + bn1, its SE conv_reduce/conv_expand).
     * The one spelling a norm-act refactor would give, a head BatchNorm named {@code bn}, maps back.
     * The thop profiler's {@code total_ops} / {@code total_params} counters, which timm's
     * checkpoint filter drops from the authors' release, are dropped too (null: not a tensor).
     */
    @Override
    public String canonicalKey(String fileKey) {
        if (fileKey.endsWith("total_ops") || fileKey.endsWith("total_params")) {
            return null;
        }
        String head = "blocks." + TABLE.length + ".0.bn.";
        return fileKey.startsWith(head) ? "blocks." + TABLE.length + ".0.bn1." + fileKey.substring(head.length())
                : fileKey;
    }

    @Override
    public Graph build(int n, int h, int w, int numClasses, ParameterSource params) {
        GraphBuilder g = new GraphBuilder();
        Layers layers = new Layers(g, params, BN_EPS);
        Value x = g.input(n, h, w, 3);
        x = layers.convBn(x, "conv_stem", "bn1", Divisible.make(STEM_CHANNELS * width, ROUND_TO), 3, 2, 1,
                Activation.RELU);
        for (int s = 0; s < TABLE.length; s++) {
            for (int b = 0; b < TABLE[s].length; b++) {
                double[] r = TABLE[s][b];
                x = bottleneck(layers, x, "blocks." + s + "." + b, (int) r[0], Divisible.make(r[1] * width, ROUND_TO),
                        Divisible.make(r[2] * width, ROUND_TO), r[3], (int) r[4]);
            }
        }
        String last = "blocks." + TABLE.length + ".0";
        int lastChannels = Divisible.make(TABLE[TABLE.length - 1][0][1] * width, ROUND_TO);
        x = layers.convBn(x, last + ".conv", last + ".bn1", lastChannels, 1, 1, 1, Activation.RELU);
        x = layers.globalAvgPool(x, "global_pool");
        // conv_head is a 1x1 conv with bias on the pooled 1x1 map, then ReLU.
        x = layers.conv(x, "conv_head", HEAD_CHANNELS).bias().act(Activation.RELU).build();
        x = layers.linear(x, "classifier", numClasses, Activation.NONE);
        return g.build(x);
    }

    /**
     * ghost1 (ReLU), depthwise + BN when strided, SE (ReLU, hard sigmoid), ghost2 (linear), plus the
     * shortcut: identity through an Add, or depthwise + BN then a 1x1 + BN whose epilogue adds ghost2.
     */
    private static Value bottleneck(Layers layers, Value in, String p, int k, int hidden, int out, double se,
                                    int stride) {
        Value x = ghostModule(layers, in, p + ".ghost1", hidden, Activation.RELU);
        if (stride > 1) {
            x = layers.convBn(x, p + ".conv_dw", p + ".bn_dw", hidden, k, stride, hidden, Activation.NONE);
        }
        if (se > 0) {
            int mid = Divisible.make(hidden * se, 4);
            x = layers.squeezeExcite(x, p + ".se", p + ".se.conv_reduce", p + ".se.conv_expand", mid,
                    Activation.RELU, Activation.HSIGMOID);
        }
        Value y = ghostModule(layers, x, p + ".ghost2", out, Activation.NONE);
        if (in.c == out && stride == 1) {
            return layers.add(y, in, p, Activation.NONE, null);
        }
        Value s = layers.convBn(in, p + ".shortcut.0", p + ".shortcut.1", in.c, k, stride, in.c, Activation.NONE);
        return layers.convBn(s, p + ".shortcut.2", p + ".shortcut.3", out, 1, 1, 1, Activation.NONE, y);
    }

    /** Ratio 2: primary 1x1 into channels [0, init), cheap 3x3 depthwise of those into [init, 2 init). */
    private static Value ghostModule(Layers layers, Value in, String p, int out, Activation act) {
        GraphBuilder g = layers.graph();
        int init = (out + 1) / 2;
        Value buffer = g.value(p, in.n, in.h, in.w, 2 * init);
        Value primary = layers.conv(in, p + ".primary_conv.0", init).bn(p + ".primary_conv.1").act(act)
                .into(g.view(buffer, p + ".primary", 0, init)).build();
        layers.conv(primary, p + ".cheap_operation.0", init).kernel(3).groups(init).bn(p + ".cheap_operation.1")
                .act(act).into(g.view(buffer, p + ".cheap", init, init)).build();
        return out == 2 * init ? buffer : g.view(buffer, p + ".out", 0, out);
    }
}
