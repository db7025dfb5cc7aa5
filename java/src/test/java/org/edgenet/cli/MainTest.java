package org.edgenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.edgenet.arch.Architectures;
import org.edgenet.io.Npy;
import org.edgenet.io.NpyArray;
import org.edgenet.testing.Parity;
import org.edgenet.testing.Python;
import org.edgenet.util.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI in-process: outputs against torchvision, and one-line errors with non-zero exit codes. */
class MainTest {
    private static Path golden;

    @TempDir
    Path tmp;

    /** What a command printed and returned. */
    record Run(int code, String out, String err) {}

    static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @BeforeAll
    static void goldens() throws Exception {
        Python.requireTorch();
        Path dir = Python.workDir("parity-cli");
        Python.run("make_parity.py", dir.toString(), "--case", "mobilenet_v2_x0_5:160x160:11");
        golden = dir.resolve("mobilenet_v2_x0_5_160x160_s11");
    }

    @Test
    void classifyNpySavesTorchvisionLogits() throws Exception {
        for (String backend : new String[] {"native", "java"}) {
            Path saved = tmp.resolve("logits-" + backend + ".npy");
            Run r = cli("classify", "--arch", "mobilenet_v2_x0_5", "--weights", golden.resolve("weights.pth").toString(),
                    "--backend", backend, "--threads", "2", "--save-logits", saved.toString(),
                    golden.resolve("input.npy").toString());
            assertEquals(0, r.code, r.err);
            float[] expected = Npy.read(golden.resolve("logits.npy")).data();
            NpyArray actual = Npy.read(saved);
            assertEquals(List.of(1, 1000), List.of(actual.shape()[0], actual.shape()[1]));
            Parity.assertMatches(expected, actual.data(), "cli " + backend);
            int best = Parity.top(expected, 1)[0];
            assertTrue(r.out.contains(" " + best + " "), r.out);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonOutputParses() throws Exception {
        Run r = cli("classify", "--arch", "mobilenet_v2_x0_5", "--weights", golden.resolve("weights.pth").toString(),
                "--top", "3", "--json", golden.resolve("input.npy").toString(), golden.resolve("input.npy").toString());
        assertEquals(0, r.code, r.err);
        List<Object> results = (List<Object>) Json.parse(r.out);
        assertEquals(2, results.size());
        Map<String, Object> first = (Map<String, Object>) results.get(0);
        List<Object> top = (List<Object>) first.get("top");
        assertEquals(3, top.size());
        int best = Parity.top(Npy.read(golden.resolve("logits.npy")).data(), 1)[0];
        assertEquals((long) best, ((Map<String, Object>) top.get(0)).get("index"));
    }

    @Test
    void badInputsGiveOneLineErrors() throws Exception {
        String weights = golden.resolve("weights.pth").toString();
        Path notImage = Files.writeString(tmp.resolve("photo.png"), "this is not a PNG");
        Path wrongShape = tmp.resolve("wrong.npy");
        Npy.write(wrongShape, new float[2 * 5 * 7], 2, 5, 7);
        Path truncated = tmp.resolve("truncated.pth");
        byte[] full = Files.readAllBytes(golden.resolve("weights.pth"));
        Files.write(truncated, java.util.Arrays.copyOf(full, full.length / 2));
        Path nan = tmp.resolve("nan.npy");
        float[] values = Npy.read(golden.resolve("input.npy")).data();
        values[100] = Float.NaN;
        Npy.write(nan, values, 1, 3, 160, 160);

        Path hostile = tmp.resolve("hostile.pth");
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(hostile))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("archive/data.pkl"));
            // PROTO 2, GLOBAL 'os system', BINUNICODE 'id', TUPLE1, REDUCE, STOP: os.system("id")
            zip.write(new byte[] {(byte) 0x80, 2, 'c', 'o', 's', '\n', 's', 'y', 's', 't', 'e', 'm', '\n',
                'X', 2, 0, 0, 0, 'i', 'd', (byte) 0x85, 'R', '.'});
            zip.closeEntry();
        }

        List<String[]> cases = new ArrayList<>();
        cases.add(new String[] {"classify", "--arch", "mobilenet_v2_x0_5", "--weights", hostile.toString(),
                golden.resolve("input.npy").toString()});
        cases.add(new String[] {"classify", "--arch", "mobilenet_v2_x0_5", "--weights", weights, notImage.toString()});
        cases.add(new String[] {"classify", "--arch", "mobilenet_v2_x0_5", "--weights", weights, "missing.jpg"});
        cases.add(new String[] {"classify", "--arch", "mobilenet_v2_x0_5", "--weights", weights, wrongShape.toString()});
        cases.add(new String[] {"classify", "--arch", "mobilenet_v2_x0_5", "--weights", truncated.toString(),
                golden.resolve("input.npy").toString()});
        cases.add(new String[] {"classify", "--arch", "mobilenet_v2", "--weights", weights,  // width mismatch
                golden.resolve("input.npy").toString()});
        cases.add(new String[] {"classify", "--arch", "mobilenet_v2_x0_5", "--weights", weights, nan.toString()});
        cases.add(new String[] {"classify", "--arch", "nosuchnet", "--weights", weights, nan.toString()});
        for (String[] args : cases) {
            Run r = cli(args);
            assertTrue(r.code != 0, String.join(" ", args));
            assertEquals(1, r.err.strip().lines().count(), "one line expected: " + r.err);
            assertTrue(r.err.startsWith("edgenet: "), r.err);
        }
        Run refused = cli(cases.get(0));
        assertTrue(refused.err.contains("os.system") && refused.err.contains("not allowed"), refused.err);
        Run mismatch = cli(cases.get(5));
        assertTrue(mismatch.err.contains("features.0.0.weight") && mismatch.err.contains("[16, 3, 3, 3]")
                && mismatch.err.contains("[32, 3, 3, 3]") && mismatch.err.contains("fit --arch mobilenet_v2_x0_5"),
                mismatch.err);
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertEquals(2, cli().code);
        assertEquals(2, cli("frobnicate").code);
        assertEquals(2, cli("classify", "--arch").code);
        assertEquals(2, cli("classify", "--arch", "mobilenet_v2", "--weights", "x.pth").code);  // no INPUT
        assertEquals(2, cli("bench", "--arch", "mobilenet_v2", "--threads", "zero").code);
        assertEquals(2, cli("bench", "--arch", "mobilenet_v2", "--backend", "gpu").code);
        assertEquals(0, cli("--help").code);
    }

    @Test
    @SuppressWarnings("unchecked")
    void benchReportsBothBackendsWithRatios() throws Exception {
        Run r = cli("bench", "--arch", "mobilenet_v2_x0_35", "--input-size", "96", "--runs", "3", "--warmup", "1",
                "--json");
        assertEquals(0, r.code, r.err);
        Map<String, Object> doc = (Map<String, Object>) Json.parse(r.out);
        List<Object> results = (List<Object>) doc.get("results");
        assertEquals(2, results.size());
        Map<String, Object> baseline = (Map<String, Object>) results.get(0);
        assertEquals(1.0, ((Number) baseline.get("ratio_to_baseline")).doubleValue(), 1e-12);
        assertTrue(((Number) doc.get("peak_activation_bytes")).longValue() > 0);
        Run text = cli("bench", "--arch", "mobilenet_v2_x0_35", "--input-size", "96", "--runs", "2", "--warmup", "0",
                "--backend", "native");
        assertEquals(0, text.code, text.err);
        assertTrue(text.out.contains("median ms") && text.out.contains("peak activation memory"), text.out);
    }

    @Test
    @SuppressWarnings("unchecked")
    void benchOfSeveralNetworksPrintsOneTable() throws Exception {
        Run r = cli("bench", "--arch", "mobilenet_v2_x0_35,mobilenet_v2_x0_5", "--input-size", "64", "--runs", "2",
                "--warmup", "0");
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("mobilenet_v2_x0_35") && r.out.contains("mobilenet_v2_x0_5")
                && r.out.contains("java/native") && r.out.contains("geometric mean"), r.out);
        Run json = cli("bench", "--arch", "mobilenet_v2_x0_35,mobilenet_v2_x0_5", "--input-size", "64", "--runs", "1",
                "--warmup", "0", "--backend", "native", "--json");
        assertEquals(0, json.code, json.err);
        assertEquals(2, ((List<Object>) Json.parse(json.out)).size());
        assertEquals(2, cli("bench", "--arch", "mobilenet_v2,mobilenet_v2_x0_5", "--weights", "x.pth").code);
    }

    @Test
    @SuppressWarnings("unchecked")
    void listShowsEveryArchitecture() throws Exception {
        Run r = cli("list", "--json");
        assertEquals(0, r.code, r.err);
        List<Object> rows = (List<Object>) Json.parse(r.out);
        assertEquals(Architectures.all().size(), rows.size());
        for (Object o : rows) {
            Map<String, Object> row = (Map<String, Object>) o;
            assertTrue(((Number) row.get("parameters")).longValue() > 100_000, row.toString());
            assertTrue(((Number) row.get("macs")).longValue() > 1_000_000, row.toString());
        }
        Map<String, Object> v2 = (Map<String, Object>) rows.stream()
                .filter(o -> ((Map<String, Object>) o).get("arch").equals("mobilenet_v2_x1_0")).findFirst().get();
        assertEquals(3_504_872L, ((Number) v2.get("parameters")).longValue(), "torchvision's count");
        Run text = cli("list");
        assertEquals(0, text.code, text.err);
        for (String name : Architectures.names()) {
            assertTrue(text.out.contains(name), name);
        }
    }

    /** convert checks a checkpoint and writes canonical .safetensors that classify reads to the same logits. */
    @Test
    void convertWritesCanonicalSafetensors() throws Exception {
        Path st = tmp.resolve("converted.safetensors");
        Run r = cli("convert", "--arch", "mobilenet_v2_x0_5", "--weights", golden.resolve("weights.pth").toString(),
                "--out", st.toString());
        assertEquals(0, r.code, r.err);
        org.edgenet.weights.StateDict dict = org.edgenet.weights.StateDict.read(st);
        assertTrue(dict.contains("features.0.0.weight") && !dict.contains("features.0.1.num_batches_tracked"),
                dict.names().toString());
        assertEquals("mobilenet_v2_x0_5", dict.metadata().get("edgenet_arch"));
        Path saved = tmp.resolve("converted-logits.npy");
        Run c = cli("classify", "--arch", "mobilenet_v2_x0_5", "--weights", st.toString(), "--save-logits",
                saved.toString(), golden.resolve("input.npy").toString());
        assertEquals(0, c.code, c.err);
        Parity.assertMatches(Npy.read(golden.resolve("logits.npy")).data(), Npy.read(saved).data(), "converted");

        Run wrongArch = cli("convert", "--arch", "mobilenet_v2_x1_0", "--weights",
                golden.resolve("weights.pth").toString(), "--out", tmp.resolve("x.safetensors").toString());
        assertEquals(1, wrongArch.code);
        assertTrue(wrongArch.err.contains("features.0.0.weight"), wrongArch.err);
        assertFalse(Files.exists(tmp.resolve("x.safetensors")), "nothing written for weights that do not fit");
        assertEquals(2, cli("convert", "--arch", "mobilenet_v2", "--weights", "a.pth", "--out", "b.pth").code);
    }
}
