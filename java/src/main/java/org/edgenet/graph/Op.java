package org.edgenet.graph;

import java.util.List;

/**
 * One fused step of a network, in the layouts the kernels want (BatchNorm already folded).
 * Both backends execute the same ops; each record documents its weight layout.
 *
 * <p>Inputs and outputs may be views ({@link Value}): every op accepts contiguous channel slices
 * of a wider buffer; only {@link Pointwise} and {@link ChannelCopy} accept strided channels.
 */
public sealed interface Op permits Op.Conv2d, Op.Depthwise, Op.Pointwise, Op.GlobalAvgPool, Op.Linear,
        Op.SqueezeExcite, Op.WindowPool, Op.Add, Op.ChannelCopy {

    /** Layer name, from the PyTorch module path, for messages and profiles. */
    String name();

    List<Value> inputs();

    Value output();

    /** Multiply-accumulates per run (for pooling and element-wise ops: additions). */
    long macs();

    /** Parameters held (weights and biases). */
    long parameters();

    /**
     * Whether every backend's kernel for this op may write its output over its (single, same-shaped)
     * input: the {@link MemoryPlan} then gives both one buffer when nothing reads the input later.
     */
    default boolean writesOverInput() {
        return false;
    }

    /** Dense KxK convolution (the stem), dense input and output. weight: [k][k][cin][cout]. */
    record Conv2d(String name, Value in, Value out, int k, int stride, int pad, Activation act,
                  float[] weight, float[] bias) implements Op {
        public Conv2d {
            Shapes.require(!in.isView() && !out.isView(), name, "dense input and output");
            Shapes.require(weight.length == k * k * in.c * out.c, name, "weight size");
            Shapes.require(bias.length == out.c, name, "bias size");
            Shapes.requireConvOutput(in, out, k, stride, pad, name);
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
            Shapes.require(in.contiguous() && out.contiguous(), name, "contiguous channels");
            Shapes.require(in.c == out.c, name, "channel count");
            Shapes.require(weight.length == k * k * in.c, name, "weight size");
            Shapes.require(bias.length == in.c, name, "bias size");
            Shapes.requireConvOutput(in, out, k, stride, pad, name);
        }

        public List<Value> inputs() { return List.of(in); }
        public Value output() { return out; }
        public long macs() { return out.size() * k * k; }
        public long parameters() { return weight.length + bias.length; }
    }

    /**
     * Pointwise (1x1) convolution in {@code groups} groups: out = act(in * weight + bias + residual).
     * weight: [groups][cin/groups][cout/groups]; residual (may be null, contiguous) is added before
     * the activation. Group gi reads input channels gi*cinG .. gi*cinG + cinG - 1, or, when
     * {@code interleavedInput}, channels gi, gi + groups, gi + 2*groups, ...: a channel shuffle of
     * the input (Megvii's ShuffleNetV1 form) folded into this layer.
     */
    record Pointwise(String name, Value in, Value out, int groups, boolean interleavedInput, Value residual,
                     Activation act, float[] weight, float[] bias) implements Op {
        public Pointwise {
            Shapes.require(in.n == out.n && in.h == out.h && in.w == out.w, name, "pixel count");
            Shapes.require(groups >= 1 && in.c % groups == 0 && out.c % groups == 0, name, "group count");
            Shapes.require(weight.length == (long) in.c * out.c / groups, name, "weight size");
            Shapes.require(bias.length == out.c, name, "bias size");
            Shapes.require(residual == null || (residual.contiguous() && residual.n == out.n && residual.h == out.h
                    && residual.w == out.w && residual.c == out.c), name, "residual shape");
        }

        /** A dense pointwise convolution. */
        public Pointwise(String name, Value in, Value out, Value residual, Activation act, float[] weight,
                         float[] bias) {
            this(name, in, out, 1, false, residual, act, weight, bias);
        }

        /** Base channels from the input view's first to group gi's first input: gi * this. */
        public int inGroupStride() {
            return interleavedInput ? in.channelStride : in.c / groups * in.channelStride;
        }

        /** Base channels between consecutive input channels of one group. */
        public int inChannelStride() {
            return interleavedInput ? groups * in.channelStride : in.channelStride;
        }

        /** Base channels from the output view's first to group gi's first output: gi * this. */
        public int outGroupStride() {
            return out.c / groups * out.channelStride;
        }

        /** Base channels between consecutive output channels of one group. */
        public int outChannelStride() {
            return out.channelStride;
        }

        /** A plain dense 1x1 over contiguous channels: the fast GEMM path, no channel addressing. */
        public boolean isDense() {
            return groups == 1 && !interleavedInput && in.contiguous() && out.contiguous();
        }

        public List<Value> inputs() { return residual == null ? List.of(in) : List.of(in, residual); }
        public Value output() { return out; }
        public long macs() { return out.size() * (in.c / groups); }
        public long parameters() { return weight.length + bias.length; }
    }

    /** Mean over all pixels of each image: [n][h][w][c] to [n][1][1][c] (dense). */
    record GlobalAvgPool(String name, Value in, Value out) implements Op {
        public GlobalAvgPool {
            Shapes.require(in.contiguous() && !out.isView(), name, "contiguous input, dense output");
            Shapes.require(out.n == in.n && out.h == 1 && out.w == 1 && out.c == in.c, name, "output shape");
        }

        public List<Value> inputs() { return List.of(in); }
        public Value output() { return out; }
        public long macs() { return in.size(); }
        public long parameters() { return 0; }
    }

    /** Fully connected layer over dense [n][cin]. weight: [cout][cin] (PyTorch's layout). */
    record Linear(String name, Value in, Value out, Activation act, float[] weight, float[] bias) implements Op {
        public Linear {
            Shapes.require(!in.isView() && !out.isView(), name, "dense input and output");
            Shapes.require(in.h == 1 && in.w == 1 && out.h == 1 && out.w == 1 && in.n == out.n, name, "shape");
            Shapes.require(weight.length == in.c * out.c, name, "weight size");
            Shapes.require(bias.length == out.c, name, "bias size");
        }

        public List<Value> inputs() { return List.of(in); }
        public Value output() { return out; }
        public long macs() { return (long) in.n * in.c * out.c; }
        public long parameters() { return weight.length + bias.length; }
    }

    /**
     * Squeeze-and-excitation: per image, s = mean over pixels, z = act(w1 s + b1),
     * g = gate(w2 z + b2), out = in * g per channel. w1: [mid][c], w2: [c][mid] (PyTorch's layouts).
     */
    record SqueezeExcite(String name, Value in, Value out, int mid, Activation act, Activation gate,
                         float[] w1, float[] b1, float[] w2, float[] b2) implements Op {
        public SqueezeExcite {
            Shapes.require(in.contiguous() && out.contiguous(), name, "contiguous channels");
            Shapes.require(in.n == out.n && in.h == out.h && in.w == out.w && in.c == out.c, name, "output shape");
            Shapes.require(mid >= 1 && w1.length == (long) mid * in.c && b1.length == mid
                    && w2.length == (long) mid * in.c && b2.length == in.c, name, "weight size");
        }

        public List<Value> inputs() { return List.of(in); }
        public Value output() { return out; }
        /** Both kernels take the channel means of the whole input first, then scale pixel by pixel. */
        public boolean writesOverInput() { return true; }
        public long macs() { return 2 * in.size() + 2L * in.n * in.c * mid; }
        public long parameters() { return w1.length + b1.length + w2.length + b2.length; }
    }

    /** Max or average pooling over KxK windows, as nn.MaxPool2d / nn.AvgPool2d (padding counted). */
    record WindowPool(String name, Value in, Value out, boolean max, int k, int stride, int pad) implements Op {
        public WindowPool {
            Shapes.require(in.contiguous() && out.contiguous() && in.c == out.c, name, "channels");
            Shapes.require(pad >= 0 && pad <= k / 2, name, "padding");
            Shapes.requireConvOutput(in, out, k, stride, pad, name);
        }

        public List<Value> inputs() { return List.of(in); }
        public Value output() { return out; }
        public long macs() { return out.size() * k * k; }
        public long parameters() { return 0; }
    }

    /** out = act(a + b), element-wise. */
    record Add(String name, Value a, Value b, Value out, Activation act) implements Op {
        public Add {
            Shapes.require(a.contiguous() && b.contiguous() && out.contiguous(), name, "contiguous channels");
            Shapes.require(sameShape(a, out) && sameShape(b, out), name, "operand shapes");
        }

        public List<Value> inputs() { return List.of(a, b); }
        public Value output() { return out; }
        public long macs() { return out.size(); }
        public long parameters() { return 0; }
    }

    /** Copies every channel of {@code in} to {@code out} (same shape, any channel strides). */
    record ChannelCopy(String name, Value in, Value out) implements Op {
        public ChannelCopy {
            Shapes.require(sameShape(in, out), name, "shapes");
        }

        public List<Value> inputs() { return List.of(in); }
        public Value output() { return out; }
        public long macs() { return 0; }
        public long parameters() { return 0; }
    }

    private static boolean sameShape(Value a, Value b) {
        return a.n == b.n && a.h == b.h && a.w == b.w && a.c == b.c;
    }
}
