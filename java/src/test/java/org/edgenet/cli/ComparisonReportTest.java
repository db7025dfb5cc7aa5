package org.edgenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The Markdown report and the SVG chart from given numbers: complete, well-formed, figures right. */
class ComparisonReportTest {
    private static final Machine MACHINE = new Machine("Test CPU <8 cores> & more", 2, "avx2", "1.29.0", 100.0, 0.5);

    /** A row whose engines take these medians (every sample the same). */
    static ComparisonResult.Row row(String arch, int threads, long macs, double nat, double jav, double ort) {
        Map<Engine, Latencies> latency = new EnumMap<>(Engine.class);
        latency.put(Engine.NATIVE, new Latencies(new double[] {nat, nat, nat}));
        latency.put(Engine.JAVA, new Latencies(new double[] {jav, jav, jav}));
        latency.put(Engine.ORT, new Latencies(new double[] {ort, ort, ort}));
        Map<Engine, Double> parity = new EnumMap<>(Engine.class);
        for (Engine e : Engine.values()) {
            parity.put(e, 0.25);
        }
        return new ComparisonResult.Row(arch, threads, macs, 3L << 20, latency, parity);
    }

    static ComparisonResult result() {
        List<ComparisonResult.Row> rows = new ArrayList<>();
        // ORT/native: 2 and 8 at 1 thread (geomean 4), 0.5 and 2 at 2 threads (geomean 1).
        rows.add(row("net_a", 1, 1_000_000_000L, 20, 100, 40));
        rows.add(row("net_a", 2, 1_000_000_000L, 20, 60, 10));
        rows.add(row("net_b", 1, 50_000_000L, 1, 8, 8));
        rows.add(row("net_b", 2, 50_000_000L, 1, 5, 2));
        return new ComparisonResult(MACHINE, 30, 10, rows);
    }

    @Test
    void derivedFigures() {
        ComparisonResult r = result();
        assertEquals(List.of(1, 2), r.threadCounts());
        assertEquals(4.0, r.geomeanOrtOverNative(1), 1e-12);
        assertEquals(1.0, r.geomeanOrtOverNative(2), 1e-12);
        ComparisonResult.Row a1 = r.rows(1).get(0), a2 = r.rows(2).get(0);
        // 2e9 flops in 20 ms = 100 GFLOP/s: all of one 100 GFLOP/s thread, half of two.
        assertEquals(1.0, a1.peakShare(Engine.NATIVE, 100), 1e-12);
        assertEquals(0.5, a2.peakShare(Engine.NATIVE, 100), 1e-12);
        assertEquals(0.2, a1.peakShare(Engine.JAVA, 100), 1e-12);
        assertEquals(2.0, a1.ortOverNative(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> r.geomeanOrtOverNative(4));
    }

    @Test
    void latencyStatistics() {
        Latencies l = new Latencies(new double[] {5, 1, 4, 2, 3, 10, 6, 7, 8, 9});
        assertEquals(5.5, l.median(), 1e-12);
        assertEquals(9.0, l.quantile(0.9), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new Latencies(new double[0]));
    }

    @Test
    void markdownHasEveryNetworkEngineAndGeomean() {
        String md = ComparisonReport.markdown(result(), "test weights", "chart.svg");
        for (String s : List.of("net_a", "net_b", "edgenet-native", "edgenet-java", "ONNX Runtime", "1.29.0",
                "Test CPU", "avx2", "100.0 GFLOP/s", "load average 0.50", "## 1 thread", "## 2 threads", "chart.svg", "not observable")) {
            assertTrue(md.contains(s), s + " missing from\n" + md);
        }
        assertTrue(md.contains("| **geometric mean** | | | | | **4.00×** |"), md);
        assertTrue(md.contains("| **geometric mean** | | | | | **1.00×** |"), md);
        // net_a, 1 thread: 20 ms native (100% of peak), 100 ms java (20%), 40 ms ORT (50%), 2x.
        assertTrue(md.contains("| net_a | 1000.0 | 20.00 (20.00) | 100.00 (100.00) | 40.00 (40.00) | 2.00× | 100.0% "
                + "| 20.0% | 50.0% | 3.00 |"), md);
        // Every table row has the header's number of cells.
        for (String line : md.lines().filter(l -> l.startsWith("|")).toList()) {
            assertEquals(11, line.chars().filter(c -> c == '|').count(), line);
        }
    }

    @Test
    void svgIsWellFormedWithABarPerNetworkEngineAndThreadCount() throws Exception {
        String svg = LatencyChart.svg(result());
        Document doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getTagName());
        // background + legend swatches + one bar per (network, thread count, engine)
        assertEquals(1 + 3 + 4 * 3, doc.getElementsByTagName("rect").getLength());
        assertEquals(4 * 3, doc.getElementsByTagName("title").getLength());
        String text = doc.getDocumentElement().getTextContent();
        for (String s : List.of("net_a", "net_b", "edgenet-native", "edgenet-java", "ONNX Runtime", "1 thread",
                "2 threads", "Test CPU <8 cores> & more", "log scale")) {
            assertTrue(text.contains(s), s + " missing from the chart");
        }
    }

    @Test
    void logAxisCoversTheValues() {
        LatencyChart.LogAxis axis = new LatencyChart.LogAxis(1.3, 97);
        assertEquals(1, axis.min(), 1e-12);
        assertEquals(100, axis.max(), 1e-12);
        assertEquals(1.0, axis.fromTop(1), 1e-12);
        assertEquals(0.0, axis.fromTop(100), 1e-12);
        assertEquals(0.5, axis.fromTop(10), 1e-12);
        assertEquals(List.of(1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0), axis.ticks());
        assertThrows(IllegalArgumentException.class, () -> new LatencyChart.LogAxis(0, 5));
    }
}
