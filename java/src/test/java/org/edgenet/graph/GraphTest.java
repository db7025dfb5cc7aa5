package org.edgenet.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The graph's bookkeeping of views: each channel written once, read only after it is written. */
class GraphTest {
    private static Op.ChannelCopy copy(String name, Value in, Value out) {
        return new Op.ChannelCopy(name, in, out);
    }

    @Test
    void twoProducersFillTheHalvesOfOneBuffer() {
        GraphBuilder g = new GraphBuilder();
        Value in = g.input(1, 4, 4, 3);
        Value cat = g.value("cat", 1, 4, 4, 6);
        g.add(copy("left", in, g.view(cat, "cat.left", 0, 3)));
        g.add(copy("right", in, g.view(cat, "cat.right", 3, 3)));
        Graph graph = g.build(cat);
        MemoryPlan plan = MemoryPlan.of(graph);
        assertEquals(plan.offset(cat) + 3, plan.offset(graph.values.get(3)));
        assertTrue(plan.arenaFloats() >= in.size() + cat.size(), "input and concat are alive together");
    }

    @Test
    void interleavedViewsCoverEveryChannelOnce() {
        GraphBuilder g = new GraphBuilder();
        Value in = g.input(1, 2, 2, 4);
        Value shuffled = g.value("shuffled", 1, 2, 2, 8);
        g.add(copy("even", in, g.view(shuffled, "even", 0, 2, 4)));
        g.add(copy("odd", in, g.view(shuffled, "odd", 1, 2, 4)));
        g.build(shuffled);
    }

    @Test
    void convolutionOutputsWithMultiplesOf256ChannelsGetAPaddedPixelStride() {
        GraphBuilder g = new GraphBuilder();
        Value padded = g.activation("a", 1, 14, 14, 512);
        assertTrue(padded.isView() && padded.contiguous(), padded.toString());
        assertEquals(512, padded.c);
        assertEquals(512 + GraphBuilder.PIXEL_PADDING, padded.pixelStride());
        Value dense = g.activation("b", 1, 14, 14, 576);
        assertTrue(!dense.isView() && dense.pixelStride() == 576, dense.toString());
        Value pooled = g.activation("c", 1, 1, 1, 1024);
        assertTrue(!pooled.isView(), "a single pixel stays dense for a fully connected layer: " + pooled);
    }

    @Test
    void overlappingWritesAreRejected() {
        GraphBuilder g = new GraphBuilder();
        Value in = g.input(1, 2, 2, 4);
        Value buf = g.value("buf", 1, 2, 2, 6);
        g.add(copy("a", in, g.view(buf, "a", 0, 4)));
        g.add(copy("b", in, g.view(buf, "b", 2, 4)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> g.build(buf));
        assertTrue(e.getMessage().contains("a second time"), e.getMessage());
    }

    @Test
    void readingUnwrittenChannelsIsRejected() {
        GraphBuilder g = new GraphBuilder();
        Value in = g.input(1, 2, 2, 4);
        Value buf = g.value("buf", 1, 2, 2, 8);
        g.add(copy("half", in, g.view(buf, "half", 0, 4)));
        Value out = g.value("out", 1, 2, 2, 8);
        g.add(copy("all", buf, out));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> g.build(out));
        assertTrue(e.getMessage().contains("before it is written"), e.getMessage());
    }

    @Test
    void aViewMustFitItsBase() {
        GraphBuilder g = new GraphBuilder();
        Value buf = g.value("buf", 1, 2, 2, 8);
        assertThrows(IllegalArgumentException.class, () -> g.view(buf, "past the end", 5, 4));
        assertThrows(IllegalArgumentException.class, () -> g.view(buf, "strided past the end", 1, 2, 5));
        Value v = g.view(buf, "v", 0, 4);
        assertThrows(IllegalArgumentException.class, () -> g.view(v, "view of a view", 0, 2));
    }

    @Test
    void stridedChannelsOnlyWhereKernelsTakeThem() {
        GraphBuilder g = new GraphBuilder();
        Value in = g.input(1, 4, 4, 8);
        Value even = g.view(in, "even", 0, 2, 4);
        Value out = g.value("out", 1, 4, 4, 4);
        assertThrows(IllegalArgumentException.class, () -> new Op.Depthwise("dw", even, out, 3, 1, 1,
                Activation.NONE, new float[36], new float[4]));
        new Op.Pointwise("pw", even, out, null, Activation.NONE, new float[16], new float[4]);
    }
}
