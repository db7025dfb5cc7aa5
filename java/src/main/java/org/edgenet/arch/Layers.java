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
 * PyTorch building blocks (Conv2d + BatchNorm2d + activation, Linear, pooling) turned into fused
 * ops: the tensors are taken by their PyTorch keys, BatchNorm is folded, layouts are converted.
 */
final class Layers {
    private final GraphBuilder graph;
    private final ParameterSource params;
    private final double bnEps;

    Layers(GraphBuilder graph, ParameterSource params, double bnEps) {
        this.graph = graph;
        this.params = params;
        this.bnEps = bnEps;
    }

    /**
     * Conv2d(bias=False) at {@code conv} followed by BatchNorm2d at {@code bn} and {@code act}, with
     * PyTorch's same padding (k-1)/2. groups == 1 or groups == channels (depthwise).
     */
    Value convBn(Value in, String conv, String bn, int cout, int k, int stride, int groups, Activation act) {
        return convBn(in, conv, bn, cout, k, stride, groups, act, null);
    }

    /** As above, with a residual added after the activation (1x1 convolutions only). */
    Value convBn(Value in, String conv, String bn, int cout, int k, int stride, int groups, Activation act,
                 Value residual) {
        int cinPerGroup = in.c / groups;
        if (in.c % groups != 0 || cout % groups != 0) {
            throw new IllegalArgumentException(conv + ": " + in.c + " -> " + cout + " channels in " + groups
                    + " groups");
        }
        float[] weight = params.take(conv + ".weight", cout, cinPerGroup, k, k);
        BatchNormFold folded = batchNorm(weight, bn, cout);
        int pad = (k - 1) / 2;
        int oh = Shapes.convOut(in.h, k, stride, pad);
        int ow = Shapes.convOut(in.w, k, stride, pad);
        Value out = graph.value(conv, in.n, oh, ow, cout);
        if (residual != null && (k != 1 || groups != 1)) {
            throw new IllegalArgumentException(conv + ": a residual is only fused into 1x1 convolutions");
        }
        if (groups == 1 && k == 1 && stride == 1) {
            graph.add(new Op.Pointwise(conv, in, out, residual, act,
                    WeightLayout.pointwiseToIo(folded.weight, cout, in.c), folded.bias));
        } else if (groups == 1) {
            graph.add(new Op.Conv2d(conv, in, out, k, stride, pad, act,
                    WeightLayout.oihwToHwio(folded.weight, cout, in.c, k), folded.bias));
        } else if (groups == in.c && cout == in.c) {
            graph.add(new Op.Depthwise(conv, in, out, k, stride, pad, act,
                    WeightLayout.depthwiseToHwc(folded.weight, cout, k), folded.bias));
        } else {
            throw new UnsupportedOperationException(conv + ": grouped convolution with " + groups + " groups");
        }
        return out;
    }

    /** adaptive_avg_pool2d(1). */
    Value globalAvgPool(Value in, String name) {
        Value out = graph.value(name, in.n, 1, 1, in.c);
        graph.add(new Op.GlobalAvgPool(name, in, out));
        return out;
    }

    /** nn.Linear with bias at {@code prefix}. */
    Value linear(Value in, String prefix, int cout, Activation act) {
        float[] weight = params.take(prefix + ".weight", cout, in.c);
        float[] bias = params.take(prefix + ".bias", cout);
        Value out = graph.value(prefix, in.n, 1, 1, cout);
        graph.add(new Op.Linear(prefix, in, out, act, weight, bias));
        return out;
    }

    private BatchNormFold batchNorm(float[] weight, String bn, int channels) {
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
        return BatchNormFold.fold(weight, null, gamma, beta, mean, var, bnEps);
    }
}
