package org.edgenet.graph;

/** Shape arithmetic shared by the graph, both backends and the tests. */
public final class Shapes {
    private Shapes() {}

    /** PyTorch's convolution output size: floor((size + 2*pad - k) / stride) + 1. */
    public static int convOut(int size, int k, int stride, int pad) {
        return Math.floorDiv(size + 2 * pad - k, stride) + 1;
    }

    /** out has the batch of in and the spatial size of a KxK window at stride and padding. */
    static void requireConvOutput(Value in, Value out, int k, int stride, int pad, String op) {
        require(out.n == in.n && out.h == convOut(in.h, k, stride, pad) && out.w == convOut(in.w, k, stride, pad),
                op, "output size");
    }

    static void require(boolean ok, String op, String what) {
        if (!ok) {
            throw new IllegalArgumentException("op '" + op + "': inconsistent " + what);
        }
    }
}
