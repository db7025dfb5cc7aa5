package org.edgenet.graph;

import java.util.List;

/**
 * One fused step of a network, in the layouts the kernels want (BatchNorm already folded).
 * Both backends execute the same ops; each record documents its weight layout.
 */
public sealed interface Op permits Op.Conv2d, Op.Depthwise, Op.Pointwise, Op.GlobalAvgPool, Op.Linear {

    /** Layer name, from the PyTorch module path, for messages and profiles. */
    String name();

    List<Value> inputs();

    Value output();

    /** Multiply-accumulates per run. */
    long macs();

    /** Parameters held (weights and biases). */
    long parameters();

    /** Dense KxK convolution (the stem). weight: [k][k][cin][cout]. */
    record Conv2d(String name, Value in, Value out, int k, int stride, int pad, Activation act,
                  float[] weight, float[] bias) implements Op {
        public Conv2d {
            Shapes.require(weight.length == k * k * in.c * out.c, name, "weight size");
            Shapes.require(bias.length == out.c, name, "bias size");
            Shapes.require(out.h == Shapes.convOut(in.h, k, stride, pad)
                    && out.w == Shapes.convOut(in.w, k, stride, pad) && out.n == in.n, name, "output size");
        }

        public List<Value> inputs() { return List.of(in); }
        public Value output() { return out; }
        public long macs() { return out.size() * k * k * in.c; }
        public long parameters() { return weight.length + bias.length; }
    }

    /** Depthwise KxK convolution. weight: [k][k][c]. */
    record Depthwise(String name, Value in, Value out, int k, int stride, int pad, Activation act,
                     float[] weight, float[] bias) implements Op {
        public Depthwise {
            Shapes.require(in.c == out.c, name, "channel count");
            Shapes.require(weight.length == k * k * in.c, name, "weight size");
            Shapes.require(bias.length == in.c, name, "bias size");
            Shapes.require(out.h == Shapes.convOut(in.h, k, stride, pad)
                    && out.w == Shapes.convOut(in.w, k, stride, pad) && out.n == in.n, name, "output size");
        }

        public List<Value> inputs() { return List.of(in); }
        public Value output() { return out; }
        public long macs() { return out.size() * k * k; }
        public long parameters() { return weight.length + bias.length; }
    }

    /**
     * Pointwise (1x1) convolution: out = act(in * weight + bias) + residual.
     * weight: [cin][cout]; residual (may be null) is added after the activation.
     */
    record Pointwise(String name, Value in, Value out, Value residual, Activation act,
                     float[] weight, float[] bias) implements Op {
        public Pointwise {
            Shapes.require(in.pixels() == out.pixels() && in.h == out.h && in.w == out.w, name, "pixel count");
            Shapes.require(weight.length == in.c * out.c, name, "weight size");
            Shapes.require(bias.length == out.c, name, "bias size");
            Shapes.require(residual == null || (residual.pixels() == out.pixels() && residual.c == out.c),
                    name, "residual shape");
        }

        public List<Value> inputs() { return residual == null ? List.of(in) : List.of(in, residual); }
        public Value output() { return out; }
        public long macs() { return out.size() * in.c; }
        public long parameters() { return weight.length + bias.length; }
    }

    /** Mean over all pixels of each image: [n][h][w][c] to [n][1][1][c]. */
    record GlobalAvgPool(String name, Value in, Value out) implements Op {
        public GlobalAvgPool {
            Shapes.require(out.n == in.n && out.h == 1 && out.w == 1 && out.c == in.c, name, "output shape");
        }

        public List<Value> inputs() { return List.of(in); }
        public Value output() { return out; }
        public long macs() { return in.size(); }
        public long parameters() { return 0; }
    }

    /** Fully connected layer over [n][cin]. weight: [cout][cin] (PyTorch's layout). */
    record Linear(String name, Value in, Value out, Activation act, float[] weight, float[] bias) implements Op {
        public Linear {
            Shapes.require(in.h == 1 && in.w == 1 && out.h == 1 && out.w == 1 && in.n == out.n, name, "shape");
            Shapes.require(weight.length == in.c * out.c, name, "weight size");
            Shapes.require(bias.length == out.c, name, "bias size");
        }

        public List<Value> inputs() { return List.of(in); }
        public Value output() { return out; }
        public long macs() { return (long) in.n * in.c * out.c; }
        public long parameters() { return weight.length + bias.length; }
    }
}
