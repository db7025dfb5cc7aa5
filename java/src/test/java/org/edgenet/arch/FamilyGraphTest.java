package org.edgenet.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.edgenet.graph.CountingParameters;
import org.edgenet.graph.Graph;
import org.edgenet.graph.Op;
import org.edgenet.graph.RandomParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The tables of MobileNetV1, MobileNetV3, MnasNet and EfficientNet-B0 checked as graphs, without
 * running them: parameter counts equal PyTorch's, MACs are those of the reference definitions.
 */
class FamilyGraphTest {

    /**
     * PyTorch's sum(p.numel() for p in model.parameters()) and its BatchNorm channel count (folding
     * turns each BatchNorm's weight and bias into one conv bias, so the graph holds params - BN
     * channels), and the conv + linear MACs at 224x224 counted by forward hooks on the reference
     * (models/zoo.py; torchvision 0.14.1). The graph also counts pooling, SE scaling and residual adds
     * as one MAC per element, a few percent on top.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // arch,                     torch params, BN channels, conv+linear MACs
        "mobilenet_v1_x0_25,         470072,       2736,        41030272",
        "mobilenet_v1_x0_5,          1331592,      5472,        149497088",
        "mobilenet_v1_x0_75,         2585560,      8208,        325400448",
        "mobilenet_v1_x1_0,          4231976,      10944,       568740352",
        "mobilenet_v3_large_x0_75,   3377576,      9208,        140033816",
        "mobilenet_v3_large_x1_0,    5483032,      12200,       216589760",
        "mobilenet_v3_small_x0_75,   1653920,      4600,        39115576",
        "mobilenet_v3_small_x1_0,    2542856,      6056,        56510400",
        "mnasnet0_5,                 2218512,      10312,       104455968",
        "mnasnet0_75,                3170208,      14904,       215493104",
        "mnasnet1_0,                 4383312,      18960,       314415872",
        "mnasnet1_3,                 6282256,      24408,       526362432",
        "efficientnet_b0,            5288548,      21008,       385814752",
    })
    void parametersAndMacsMatchPyTorch(String arch, long torchParams, long bnChannels, long convMacs) {
        CountingParameters taken = new CountingParameters(1);
        Graph g = Architectures.byName(arch).build(1, 224, 224, 1000, taken);
        assertEquals(torchParams, taken.count(), arch + ": learnable tensors taken by PyTorch key");
        assertEquals(torchParams - bnChannels, g.parameters(), arch + " folded parameters");
        assertTrue(g.macs() >= convMacs && g.macs() < convMacs * 1.05,
                arch + ": " + g.macs() + " MACs, conv + linear alone " + convMacs);
        assertEquals(1000, g.output.c);
    }

    /** The published figures the papers quote: MobileNetV1 569M MACs / 4.2M params, V3-Large 219M, ... */
    @Test
    void paperScaleFigures() {
        assertMacs("mobilenet_v1", 569e6, 0.01);
        assertMacs("mobilenet_v3_large", 219e6, 0.05);
        assertMacs("mobilenet_v3_small", 56e6, 0.05);
        assertMacs("mnasnet1_0", 312e6, 0.05);  // MnasNet-B1 (no SE), 315M in the paper's A1 row
        assertMacs("efficientnet_b0", 390e6, 0.05);
    }

    private static void assertMacs(String arch, double paper, double tolerance) {
        long macs = Architectures.byName(arch).build(1, 224, 224, 1000, new RandomParameters(1)).macs();
        assertTrue(Math.abs(macs - paper) <= tolerance * paper, arch + ": " + macs + " MACs vs " + paper);
    }

    @Test
    void namesAliasesAndFamilies() {
        assertSame(Architectures.byName("mobilenet_v1_x1_0"), Architectures.byName("mobilenet_v1"));
        assertSame(Architectures.byName("mobilenet_v3_large_x1_0"), Architectures.byName("mobilenet_v3_large"));
        assertSame(Architectures.byName("mobilenet_v3_small_x1_0"), Architectures.byName("mobilenet_v3_small"));
        assertEquals(3, Architectures.siblings(Architectures.byName("mobilenet_v1")).size());
        assertEquals(1, Architectures.siblings(Architectures.byName("mobilenet_v3_large")).size());
        assertEquals(3, Architectures.siblings(Architectures.byName("mnasnet1_0")).size());
        assertEquals("efficientnet", Architectures.byName("efficientnet_b0").family());
        for (String n : new String[] {"mobilenet_v1_x0_25", "mobilenet_v3_small_x0_75", "mnasnet1_3", "efficientnet_b0"}) {
            Architecture a = Architectures.byName(n);
            assertEquals(224, a.defaultInputSize());
            assertTrue(a.publishedTop1() > 50 && a.publishedTop1() < 80, n + " top-1 " + a.publishedTop1());
        }
    }

    /** Squeeze-excite where the tables say so: 8 of MobileNetV3-Large's 15 bnecks, every MBConv of B0. */
    /** bench --arch all: the nine networks of the product, one per family, all registered. */
    @Test
    void nineFlagshipsOneFamilyEach() {
        java.util.List<Architecture> flagships = Architectures.flagships();
        assertEquals(9, flagships.size(), flagships.toString());
        assertEquals(9, flagships.stream().map(Architecture::family).distinct().count(), flagships.toString());
    }

    @Test
    void squeezeExciteCounts() {
        assertEquals(8, count(Architectures.byName("mobilenet_v3_large").build(1, 224, 224, 1000,
                new RandomParameters(1)), Op.SqueezeExcite.class));
        assertEquals(9, count(Architectures.byName("mobilenet_v3_small").build(1, 224, 224, 1000,
                new RandomParameters(1)), Op.SqueezeExcite.class));
        assertEquals(16, count(Architectures.byName("efficientnet_b0").build(1, 224, 224, 1000,
                new RandomParameters(1)), Op.SqueezeExcite.class));
        assertEquals(0, count(Architectures.byName("mnasnet1_0").build(1, 224, 224, 1000,
                new RandomParameters(1)), Op.SqueezeExcite.class));
    }

    /** Odd and non-square inputs build with PyTorch's output sizes (padding (k-1)/2). */
    @Test
    void oddInputSizesBuild() {
        for (String n : new String[] {"mobilenet_v1_x0_5", "mobilenet_v3_small", "mnasnet0_5", "efficientnet_b0"}) {
            Graph g = Architectures.byName(n).build(1, 113, 150, 10, new RandomParameters(2));
            assertEquals(10, g.output.c);
        }
    }

    private static long count(Graph g, Class<? extends Op> kind) {
        return g.ops.stream().filter(kind::isInstance).count();
    }
}
