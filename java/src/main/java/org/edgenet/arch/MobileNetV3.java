package org.edgenet.arch;

import org.edgenet.graph.Activation;
import org.edgenet.graph.Graph;
import org.edgenet.graph.GraphBuilder;
import org.edgenet.graph.ParameterSource;
import org.edgenet.graph.Value;

/**
 * MobileNetV3 Large and Small (Howard et al., 2019) exactly as torchvision 0.14 defines them, keys
 * included: {@code features.0} stem (3x3/2 conv, h-swish), {@code features.1..N} bottlenecks
 * ({@code block.K}: optional 1x1 expand, depthwise, optional squeeze-excite with {@code fc1/fc2},
 * linear 1x1 project), {@code features.N+1} the last 1x1 conv (6x the last output, h-swish),
 * {@code classifier.0} Linear + h-swish, {@code classifier.3} Linear (classifier.2 is dropout).
 * BatchNorm eps is 0.001; every channel count, the classifier's hidden width included, goes
 * through {@link Divisible#make}(c * width, 8).
 */
public final class MobileNetV3 extends ZooNetwork {

    /** One bneck row of the paper's Tables 1 and 2. */
    private record Bneck(int kernel, int expanded, int out, boolean se, Activation nl, int stride) {}

    private static final Activation RE = Activation.RELU;
    private static final Activation HS = Activation.HSWISH;

    private static Bneck bneck(int kernel, int expanded, int out, boolean se, Activation nl, int stride) {
        return new Bneck(kernel, expanded, out, se, nl, stride);
    }

    /** Table 1 (Large): operator kernel, exp size, #out, SE, NL, s; the input is the previous row's #out. */
    private static final Bneck[] LARGE_TABLE = {
        //    k, exp, out,  SE,   NL, s
        bneck(3, 16, 16, false, RE, 1),
        bneck(3, 64, 24, false, RE, 2),
        bneck(3, 72, 24, false, RE, 1),
        bneck(5, 72, 40, true, RE, 2),
        bneck(5, 120, 40, true, RE, 1),
        bneck(5, 120, 40, true, RE, 1),
        bneck(3, 240, 80, false, HS, 2),
        bneck(3, 200, 80, false, HS, 1),
        bneck(3, 184, 80, false, HS, 1),
        bneck(3, 184, 80, false, HS, 1),
        bneck(3, 480, 112, true, HS, 1),
        bneck(3, 672, 112, true, HS, 1),
        bneck(5, 672, 160, true, HS, 2),
        bneck(5, 960, 160, true, HS, 1),
        bneck(5, 960, 160, true, HS, 1),
    };

    /** Table 2 (Small), same columns. */
    private static final Bneck[] SMALL_TABLE = {
        //    k, exp, out,  SE,   NL, s
        bneck(3, 16, 16, true, RE, 2),
        bneck(3, 72, 24, false, RE, 2),
        bneck(3, 88, 24, false, RE, 1),
        bneck(5, 96, 40, true, HS, 2),
        bneck(5, 240, 40, true, HS, 1),
        bneck(5, 240, 40, true, HS, 1),
        bneck(5, 120, 48, true, HS, 1),
        bneck(5, 144, 48, true, HS, 1),
        bneck(5, 288, 96, true, HS, 2),
        bneck(5, 576, 96, true, HS, 1),
        bneck(5, 576, 96, true, HS, 1),
    };

    private static final int STEM_CHANNELS = 16;
    private static final int LAST_CONV_FACTOR = 6;
    private static final int ROUND_TO = 8;
    private static final double BN_EPS = 1e-3;

    /** The two sizes: their table and the hidden width of the classifier (before width scaling). */
    public enum Size {
        LARGE("mobilenet_v3_large", LARGE_TABLE, 1280),
        SMALL("mobilenet_v3_small", SMALL_TABLE, 1024);

        final String family;
        final Bneck[] table;
        final int classifierHidden;

        Size(String family, Bneck[] table, int classifierHidden) {
            this.family = family;
            this.table = table;
            this.classifierHidden = classifierHidden;
        }
    }

    /**
     * Widths with published results and their top-1 (%) at 224x224: 1.0 from torchvision's
     * IMAGENET1K_V1 weights (74.042 Large, 67.668 Small), 0.75 from the paper's Table 3 (73.3, 65.4;
     * torchvision has no 0.75 weights).
     */
    static final double[][] LARGE_WIDTHS = {{0.75, 73.3}, {1.0, 74.042}};
    static final double[][] SMALL_WIDTHS = {{0.75, 65.4}, {1.0, 67.668}};

    private final Size size;
    private final double width;

    public MobileNetV3(Size size, double width, String name, double top1) {
        super(name, size.family, top1);
        if (!(width > 0 && width <= 4)) {
            throw new IllegalArgumentException("MobileNetV3 width multiplier must be in (0, 4], got " + width);
        }
        this.size = size;
        this.width = width;
    }

    public double width() {
        return width;
    }

    private int scaled(int channels) {
        return Divisible.make(channels * width, ROUND_TO);
    }

    @Override
    public Graph build(int n, int h, int w, int numClasses, ParameterSource params) {
        GraphBuilder g = new GraphBuilder();
        Layers layers = new Layers(g, params, BN_EPS);
        Value x = g.input(n, h, w, 3);

        x = layers.convBn(x, "features.0.0", "features.0.1", scaled(STEM_CHANNELS), 3, 2, 1, HS);
        int index = 1;
        for (Bneck row : size.table) {
            x = bottleneck(layers, x, "features." + index + ".block.", row);
            index++;
        }

        String head = "features." + index;
        x = layers.convBn(x, head + ".0", head + ".1", LAST_CONV_FACTOR * x.c, 1, 1, 1, HS);
        x = layers.globalAvgPool(x, "avgpool");
        x = layers.linear(x, "classifier.0", scaled(size.classifierHidden), HS);
        x = layers.linear(x, "classifier.3", numClasses, Activation.NONE);
        return g.build(x);
    }

    /**
     * 1x1 expand (only when it changes the width), KxK depthwise, squeeze-excite (ReLU inside,
     * hard-sigmoid gate, squeeze width make_divisible(expanded / 4, 8)), linear 1x1 project with the
     * input added when stride is 1 and the width is kept.
     */
    private Value bottleneck(Layers layers, Value in, String p, Bneck row) {
        int expanded = scaled(row.expanded()), out = scaled(row.out());
        Value x = in;
        int i = 0;
        if (expanded != in.c) {
            x = layers.convBn(x, p + i + ".0", p + i + ".1", expanded, 1, 1, 1, row.nl());
            i++;
        }
        x = layers.convBn(x, p + i + ".0", p + i + ".1", expanded, row.kernel(), row.stride(), expanded, row.nl());
        i++;
        if (row.se()) {
            int squeeze = Divisible.make(expanded / 4, ROUND_TO);
            x = layers.squeezeExcite(x, p + i, p + i + ".fc1", p + i + ".fc2", squeeze, Activation.RELU,
                    Activation.HSIGMOID);
            i++;
        }
        boolean residual = row.stride() == 1 && in.c == out;
        return layers.convBn(x, p + i + ".0", p + i + ".1", out, 1, 1, 1, Activation.NONE, residual ? in : null);
    }
}
