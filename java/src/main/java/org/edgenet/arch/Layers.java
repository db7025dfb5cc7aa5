package org.edgenet.arch;

import org.edgenet.graph.Activation;
import org.edgenet.graph.BatchNormFold;
import org.edgenet.graph.GraphBuilder;
import org.edgenet.graph.Op;
import org.edgenet.graph.ParameterSource;
import org.edgenet.graph.Shapes;
import org.edgenet.graph.Value;
import org.edgenet.graph.WeightLayout;

/**
 * PyTorch building blocks (Conv2d + BatchNorm2d + activation, Linear, pooling, squeeze-excite)
 * turned into fused ops: the tensors are taken by their PyTorch keys, BatchNorm is folded,
 * layouts are converted. Architectures describe their tables with these calls.
 */
final class Layers {
    private final GraphBuilder graph;
    private final ParameterSource params;
    private final double bnEps;

    /** {@code bnEps}: the BatchNorm2d eps of the family (1e-5 PyTorch's default, 1e-3 for some). */
    Layers(GraphBuilder graph, ParameterSource params, double bnEps) {
        this.graph = graph;
        this.params = params;
        this.bnEps = bnEps;
    }

    /** The graph being built, for buffers and views. */
    GraphBuilder graph() {
        return graph;
    }

    /**
     * Conv2d(bias=False) at {@code conv} followed by BatchNorm2d at {@code bn} and {@code act}, with
     * PyTorch's same padding (k-1)/2: a 1x1 in any number of groups, a KxK dense or depthwise one.
     */
    Value convBn(Value in, String conv, String bn, int cout, int k, int stride, int groups, Activation act) {
        return conv(in, conv, cout).kernel(k).stride(stride).groups(groups).bn(bn).act(act).build();
    }

    /** As above, with a residual added before the activation (1x1 convolutions only). */
    Value convBn(Value in, String conv, String bn, int cout, int k, int stride, int groups, Activation act,
                 Value residual) {
        return conv(in, conv, cout).kernel(k).stride(stride).groups(groups).bn(bn).act(act).residual(residual)
                .build();
    }

    /** A Conv2d at key {@code conv} producing {@code cout} channels; configure, then {@link Conv#build()}. */
    Conv conv(Value in, String conv, int cout) {
        return new Conv(in, conv, cout);
    }

    /**
     * One convolution layer: 1x1 (any groups), KxK dense, or KxK depthwise; optional conv bias,
     * BatchNorm, activation, residual (1x1 only, added before the activation), destination view.
     */
    final class Conv {
        private final Value in;
        private final String key;
        private final int cout;
        private int k = 1, stride = 1, groups = 1;
        private String bn;
        private boolean bias, interleavedInput;
        private Activation act = Activation.NONE;
        private Value residual, into;

        private Conv(Value in, String key, int cout) {
            this.in = in;
            this.key = key;
            this.cout = cout;
        }

        Conv kernel(int k) { this.k = k; return this; }
        Conv stride(int stride) { this.stride = stride; return this; }
        Conv groups(int groups) { this.groups = groups; return this; }
        /** Folds the BatchNorm2d at {@code bnKey}. */
        Conv bn(String bnKey) { this.bn = bnKey; return this; }
        /** The convolution has its own bias ({@code key.bias}). */
        Conv bias() { this.bias = true; return this; }
        Conv act(Activation act) { this.act = act; return this; }
        Conv residual(Value residual) { this.residual = residual; return this; }
        /** Writes into an existing view (a part of a concat) instead of a new buffer. */
        Conv into(Value view) { this.into = view; return this; }
        /** Grouped 1x1 reading a channel-shuffled input (Megvii's shuffle), see {@link Op.Pointwise}. */
        Conv interleavedInput() { this.interleavedInput = true; return this; }

        Value build() {
            if (in.c % groups != 0 || cout % groups != 0) {
                throw new IllegalArgumentException(key + ": " + in.c + " -> " + cout + " channels in " + groups
                        + " groups");
            }
            float[] weight = params.take(key + ".weight", cout, in.c / groups, k, k);
            float[] b = bias ? params.take(key + ".bias", cout) : new float[cout];
            if (bn != null) {
                BatchNormFold folded = batchNorm(weight, bias ? b : null, bn, cout);
                weight = folded.weight;
                b = folded.bias;
            }
            int pad = (k - 1) / 2;
            boolean pointwise = k == 1 && stride == 1;
            int oh = Shapes.convOut(in.h, k, stride, pad), ow = Shapes.convOut(in.w, k, stride, pad);
            // A dense convolution (the stem) writes a dense buffer; the others may write a padded one.
            Value out = into != null ? into
                    : pointwise || groups > 1 ? graph.activation(key, in.n, oh, ow, cout)
                    : graph.value(key, in.n, oh, ow, cout);
            if ((residual != null || interleavedInput) && !pointwise) {
                throw new IllegalArgumentException(key + ": residual and shuffled input are fused into 1x1 convolutions"
                        + " only");
            }
            if (pointwise) {
                graph.add(new Op.Pointwise(key, in, out, groups, interleavedInput, residual, act,
                        WeightLayout.groupedPointwiseToGio(weight, groups, cout, in.c), b));
            } else if (groups == 1) {
                graph.add(new Op.Conv2d(key, in, out, k, stride, pad, act,
                        WeightLayout.oihwToHwio(weight, cout, in.c, k), b));
            } else if (groups == in.c && cout == in.c) {
                graph.add(new Op.Depthwise(key, in, out, k, stride, pad, act,
                        WeightLayout.depthwiseToHwc(weight, cout, k), b));
            } else {
                throw new UnsupportedOperationException(key + ": " + k + "x" + k + " convolution in " + groups
                        + " groups");
            }
            return out;
        }
    }

    /** adaptive_avg_pool2d(1), into a dense [n][1][1][c]. */
    Value globalAvgPool(Value in, String name) {
        Value out = graph.value(name, in.n, 1, 1, in.c);
        graph.add(new Op.GlobalAvgPool(name, in, out));
        return out;
    }

    /** nn.Linear with bias at {@code prefix}. */
    Value linear(Value in, String prefix, int cout, Activation act) {
        return linear(in, prefix, cout, act, true);
    }

    /** nn.Linear at {@code prefix}, with or without its bias. */
    Value linear(Value in, String prefix, int cout, Activation act, boolean hasBias) {
        float[] weight = params.take(prefix + ".weight", cout, in.c);
        float[] bias = hasBias ? params.take(prefix + ".bias", cout) : new float[cout];
        Value out = graph.value(prefix, in.n, 1, 1, cout);
        graph.add(new Op.Linear(prefix, in, out, act, weight, bias));
        return out;
    }

    /**
     * Squeeze-and-excitation: mean, 1x1 conv with bias at {@code reduce} + {@code act}, 1x1 conv with
     * bias at {@code expand} + {@code gate}, scale. Writes a new buffer named {@code name}.
     */
    Value squeezeExcite(Value in, String name, String reduce, String expand, int mid, Activation act,
                        Activation gate) {
        float[] w1 = params.take(reduce + ".weight", mid, in.c, 1, 1);
        float[] b1 = params.take(reduce + ".bias", mid);
        float[] w2 = params.take(expand + ".weight", in.c, mid, 1, 1);
        float[] b2 = params.take(expand + ".bias", in.c);
        Value out = graph.value(name, in.n, in.h, in.w, in.c);
        graph.add(new Op.SqueezeExcite(name, in, out, mid, act, gate, w1, b1, w2, b2));
        return out;
    }

    /** nn.MaxPool2d(k, stride, pad) into a new buffer. */
    Value maxPool(Value in, String name, int k, int stride, int pad) {
        Value out = graph.value(name, in.n, Shapes.convOut(in.h, k, stride, pad), Shapes.convOut(in.w, k, stride, pad),
                in.c);
        graph.add(new Op.WindowPool(name, in, out, true, k, stride, pad));
        return out;
    }

    /** nn.AvgPool2d(k, stride, pad) (count_include_pad=True) into {@code into}, a view or buffer. */
    Value avgPool(Value in, String name, int k, int stride, int pad, Value into) {
        graph.add(new Op.WindowPool(name, in, into, false, k, stride, pad));
        return into;
    }

    /** act(a + b) into {@code into}, or into a new buffer when it is null. */
    Value add(Value a, Value b, String name, Activation act, Value into) {
        Value out = into != null ? into : graph.value(name, a.n, a.h, a.w, a.c);
        graph.add(new Op.Add(name, a, b, out, act));
        return out;
    }

    /** Copies {@code in} into the view {@code into} (a channel shuffle the graph could not fold). */
    Value copy(Value in, String name, Value into) {
        graph.add(new Op.ChannelCopy(name, in, into));
        return into;
    }

    private BatchNormFold batchNorm(float[] weight, float[] convBias, String bn, int channels) {
        float[] gamma = params.take(bn + ".weight", channels);
        float[] beta = params.take(bn + ".bias", channels);
        float[] mean = params.take(bn + ".running_mean", channels);
        float[] var = params.take(bn + ".running_var", channels);
        params.ignore(bn + ".num_batches_tracked");
        for (int i = 0; i < channels; i++) {
            if (!(var[i] >= 0f)) {
                throw new IllegalArgumentException(bn + ".running_var[" + i + "] = " + var[i]
                        + " in " + params.describe() + ": a variance must be >= 0");
            }
        }
        return BatchNormFold.fold(weight, convBias, gamma, beta, mean, var, bnEps);
    }
}
