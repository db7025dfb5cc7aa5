package org.edgenet.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.edgenet.graph.CountingParameters;
import org.edgenet.graph.Graph;
import org.edgenet.graph.Op;
import org.edgenet.graph.RandomParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Graph-level checks of ShuffleNetV1, ShuffleNetV2 and GhostNet: no PyTorch needed. */
class ShuffleGhostGraphTest {

    /**
     * name, PyTorch's parameter count (sum of numel over model.parameters() of models/ and
     * torchvision's definitions) and its BatchNorm2d channels. Folding a BN removes its gamma and
     * beta and gives the conv a bias: the graph holds PyTorch's count minus the BN channels.
     */
    static Stream<Arguments> pytorchCounts() {
        return Stream.of(
                Arguments.of("shufflenet_v1_g1_x0_5", 533484L, 3672L),
                Arguments.of("shufflenet_v1_g1_x1_0", 1530936L, 7344L),
                Arguments.of("shufflenet_v1_g1_x1_5", 2992032L, 11016L),
                Arguments.of("shufflenet_v1_g1_x2_0", 4917744L, 14688L),
                Arguments.of("shufflenet_v1_g2_x0_5", 643320L, 5120L),
                Arguments.of("shufflenet_v1_g2_x1_0", 1732848L, 10200L),
                Arguments.of("shufflenet_v1_g2_x1_5", 3272400L, 15320L),
                Arguments.of("shufflenet_v1_g2_x2_0", 5256896L, 20400L),
                Arguments.of("shufflenet_v1_g3_x0_5", 717324L, 6120L),
                Arguments.of("shufflenet_v1_g3_x1_0", 1864728L, 12240L),
                Arguments.of("shufflenet_v1_g3_x1_5", 3441168L, 18360L),
                Arguments.of("shufflenet_v1_g3_x2_0", 5449776L, 24480L),
                Arguments.of("shufflenet_v1_g4_x0_5", 777592L, 6976L),
                Arguments.of("shufflenet_v1_g4_x1_0", 1967344L, 13872L),
                Arguments.of("shufflenet_v1_g4_x1_5", 3574536L, 20848L),
                Arguments.of("shufflenet_v1_g4_x2_0", 5592528L, 27744L),
                Arguments.of("shufflenet_v1_g8_x0_5", 1010448L, 9792L),
                Arguments.of("shufflenet_v1_g8_x1_0", 2433768L, 19584L),
                Arguments.of("shufflenet_v1_g8_x1_5", 4268952L, 29376L),
                Arguments.of("shufflenet_v1_g8_x2_0", 6521232L, 39168L),
                Arguments.of("shufflenet_v2_x0_5", 1366792L, 3976L),
                Arguments.of("shufflenet_v2_x1_0", 2278604L, 8090L),
                Arguments.of("shufflenet_v2_x1_5", 3503624L, 11720L),
                Arguments.of("shufflenet_v2_x2_0", 7393996L, 16858L),
                Arguments.of("ghostnet_100", 5182508L, 10984L));
    }

    private static Graph build(String name) {
        return Architectures.byName(name).build(1, 224, 224, 1000, new RandomParameters(1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pytorchCounts")
    void foldedParameterCountMatchesPyTorch(String name, long pytorch, long bnChannels) {
        // Megvii's classifier has no bias; the Linear op still holds a zero bias of 1000.
        long zeroBias = name.startsWith("shufflenet_v1") ? 1000 : 0;
        assertEquals(pytorch - bnChannels + zeroBias, build(name).parameters(), name);
        CountingParameters taken = new CountingParameters(1);
        Architectures.byName(name).build(1, 224, 224, 1000, taken);
        assertEquals(pytorch, taken.count(), name + ": learnable tensors taken by PyTorch key (what `list` shows)");
    }

    @Test
    void channelRuleReproducesMegviiTables() {
        // megvii-model/ShuffleNet-Series ShuffleNetV1/network.py stage_out_channels, 0.5x .. 2.0x.
        int[][] g3 = {{12, 120, 240, 480}, {24, 240, 480, 960}, {24, 360, 720, 1440}, {48, 480, 960, 1920}};
        int[][] g8 = {{16, 192, 384, 768}, {24, 384, 768, 1536}, {24, 576, 1152, 2304}, {48, 768, 1536, 3072}};
        String[] widths = {"0_5", "1_0", "1_5", "2_0"};
        for (int i = 0; i < widths.length; i++) {
            assertChannels(g3[i], "shufflenet_v1_g3_x" + widths[i]);
            assertChannels(g8[i], "shufflenet_v1_g8_x" + widths[i]);
        }
        // Paper Table 1 itself at 1.0x.
        assertChannels(new int[] {24, 144, 288, 576}, "shufflenet_v1_g1");
        assertChannels(new int[] {24, 200, 400, 800}, "shufflenet_v1_g2");
        assertChannels(new int[] {24, 272, 544, 1088}, "shufflenet_v1_g4");
        // Halves round up: 100 -> 104 (multiple of 8), 136 -> 144 (of 16).
        assertChannels(new int[] {12, 104, 200, 400}, "shufflenet_v1_g2_x0_5");
        assertChannels(new int[] {12, 144, 272, 544}, "shufflenet_v1_g4_x0_5");
    }

    private static void assertChannels(int[] expected, String name) {
        ShuffleNetV1 a = (ShuffleNetV1) Architectures.byName(name);
        int[] s = a.stageChannels();
        assertArrayEquals(expected, new int[] {a.stemChannels(), s[0], s[1], s[2]}, name);
    }

    @Test
    void namesFamiliesAndPublishedAccuracy() {
        assertSame(Architectures.byName("shufflenet_v1_g3"), Architectures.byName("shufflenet_v1_g3_x1_0"));
        assertEquals(20 + 4 + 1, Architectures.names().stream()
                .filter(n -> n.matches("shufflenet_v1_g\\d_x\\d_\\d|shufflenet_v2_x\\d_\\d|ghostnet_100")).count());
        assertEquals("shufflenet_v1", Architectures.byName("shufflenet_v1_g8_x0_5").family());
        assertEquals("shufflenet_v2", Architectures.byName("shufflenet_v2_x1_5").family());
        assertEquals("ghostnet", Architectures.byName("ghostnet_100").family());
        assertEquals(67.8, Architectures.byName("shufflenet_v1_g3").publishedTop1());
        assertEquals(66.4, Architectures.byName("shufflenet_v1_g1").publishedTop1());
        assertTrue(Double.isNaN(Architectures.byName("shufflenet_v1_g4_x1_5").publishedTop1()));
        assertEquals(69.362, Architectures.byName("shufflenet_v2_x1_0").publishedTop1());
        assertEquals(73.98, Architectures.byName("ghostnet_100").publishedTop1());
        for (String n : new String[] {"shufflenet_v1_g2_x1_5", "shufflenet_v2_x2_0", "ghostnet_100"}) {
            assertEquals(224, Architectures.byName(n).defaultInputSize());
        }
    }

    @Test
    void shufflesCostNoCopiesExceptV2Passthrough() {
        assertEquals(0, count(build("shufflenet_v1_g8"), Op.ChannelCopy.class));
        // One gather per stride-1 unit: 3 + 7 + 3.
        assertEquals(13, count(build("shufflenet_v2_x1_0"), Op.ChannelCopy.class));
        // GhostNet: one Add per identity shortcut; the 5 conv shortcuts (shape changes) fuse theirs.
        assertEquals(16 - 5, count(build("ghostnet_100"), Op.Add.class));
    }

    private static long count(Graph g, Class<? extends Op> kind) {
        return g.ops.stream().filter(kind::isInstance).count();
    }

    @Test
    void ghostNetKeySchemes() {
        Architecture a = Architectures.byName("ghostnet_100");
        assertEquals("blocks.6.3.se.conv_reduce.weight", a.canonicalKey("blocks.6.3.se.conv_reduce.weight"));
        assertEquals("blocks.9.0.bn1.running_var", a.canonicalKey("blocks.9.0.bn1.running_var"));
        assertEquals("blocks.9.0.bn1.weight", a.canonicalKey("blocks.9.0.bn.weight"));
        assertEquals("bn1.weight", a.canonicalKey("bn1.weight"));
    }
}
