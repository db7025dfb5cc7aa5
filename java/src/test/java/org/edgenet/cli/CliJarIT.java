package org.edgenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.edgenet.io.Npy;
import org.edgenet.io.NpyArray;
import org.edgenet.testing.Parity;
import org.edgenet.testing.Python;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged java/target/edgenet-cli.jar in its own JVM, as a user runs it: the native library
 * is extracted from the jar into a fresh cache, outputs match PyTorch, bad input never crashes.
 */
class CliJarIT {
    private static final Path JAR = Path.of("target", "edgenet-cli.jar").toAbsolutePath();
    private static Path golden;
    /** One network per family (and GhostNet under timm's keys) through classify --save-logits. */
    private static final String[] ZOO = {
        "mobilenet_v1:224x224:31", "mobilenet_v3_large:224x224:42", "mobilenet_v3_small:224x224:33",
        "shufflenet_v1_g3:224x224:34", "shufflenet_v2_x1_0:224x224:35", "ghostnet_100:224x224:40:timm",
        "mnasnet1_0:224x224:37", "efficientnet_b0:224x224:38",
    };
    private static Path zoo;

    @TempDir
    static Path tmp;

    /** Exit code and both streams of one run. */
    record Run(int code, String out, String err) {}

    static Run java(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Dorg.bytedeco.javacpp.cachedir=" + tmp.resolve("javacpp-cache"));
        cmd.add("-jar");
        cmd.add(JAR.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(tmp.resolve("out.txt").toFile())
                .redirectError(tmp.resolve("err.txt").toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("hung: " + cmd);
        }
        return new Run(p.exitValue(), Files.readString(tmp.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(tmp.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    @BeforeAll
    static void goldens() throws Exception {
        assertTrue(Files.isRegularFile(JAR), JAR + " missing: run mvn verify");
        Python.requireTorch();
        Path dir = Python.workDir("parity-cli-jar");
        Python.run("make_parity.py", dir.toString(), "--case", "mobilenet_v2_x1_0:224x224:21");
        golden = dir.resolve("mobilenet_v2_x1_0_224x224_s21");
        zoo = Python.workDir("parity-cli-zoo");
        List<String> zooArgs = new ArrayList<>(List.of(zoo.toString()));
        for (String c : ZOO) {
            zooArgs.add("--case");
            zooArgs.add(c);
        }
        Python.run("make_parity.py", zooArgs.toArray(String[]::new));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.FieldSource("ZOO")
    void everyFamilySavesLogitsLikePyTorch(String spec) throws Exception {
        String[] p = spec.split(":");
        Path dir = zoo.resolve(p[0] + "_" + p[1] + "_s" + p[2] + (p.length > 3 ? "_" + p[3] : ""));
        Path saved = tmp.resolve(p[0] + ".npy");
        Run r = java("classify", "--arch", p[0], "--weights", dir.resolve("weights.pth").toString(), "--save-logits",
                saved.toString(), dir.resolve("input.npy").toString());
        assertEquals(0, r.code, r.err);
        Parity.assertMatches(Npy.read(dir.resolve("logits.npy")).data(), Npy.read(saved).data(), spec);
    }

    @Test
    void classifiesTensorsAndImagesLikeTorchvision() throws Exception {
        Path saved = tmp.resolve("logits.npy");
        BufferedImage img = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 300; x++) {
                img.setRGB(x, y, (x * 7 % 256) << 16 | (y * 3 % 256) << 8 | ((x + y) % 256));
            }
        }
        Path png = tmp.resolve("pattern.png");
        ImageIO.write(img, "png", png.toFile());
        Run r = java("classify", "--arch", "mobilenet_v2", "--weights", golden.resolve("weights.pth").toString(),
                "--save-logits", saved.toString(), golden.resolve("input.npy").toString(), png.toString());
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("pattern.png"), r.out);
        NpyArray logits = Npy.read(saved);
        assertEquals(2, logits.shape()[0]);
        float[] first = java.util.Arrays.copyOf(logits.data(), 1000);
        Parity.assertMatches(Npy.read(golden.resolve("logits.npy")).data(), first, "cli jar");
    }

    @Test
    void badInputExitsCleanlyWithOneLine() throws Exception {
        byte[] full = Files.readAllBytes(golden.resolve("weights.pth"));
        Path truncated = Files.write(tmp.resolve("cut.pth"), java.util.Arrays.copyOf(full, 1000));
        Path garbage = Files.write(tmp.resolve("garbage.bmp"), new byte[] {'B', 'M', 1, 2, 3});
        String[][] cases = {
            {"classify", "--arch", "mobilenet_v2", "--weights", truncated.toString(),
                golden.resolve("input.npy").toString()},
            {"classify", "--arch", "mobilenet_v2", "--weights", golden.resolve("weights.pth").toString(), garbage.toString()},
            {"classify", "--arch", "mobilenet_v2", "--weights", golden.resolve("weights.pth").toString(), "--input-size",
                "96", golden.resolve("input.npy").toString(), "nope.png"},
        };
        for (String[] args : cases) {
            Run r = java(args);
            assertTrue(r.code == 1, "exit " + r.code + " for " + String.join(" ", args) + "\n" + r.err);
            assertEquals(1, r.err.strip().lines().count(), r.err);
            assertFalse(r.err.contains("SIGSEGV") || r.out.contains("fatal error"), r.err);
        }
    }

    @Test
    void benchRuns() throws Exception {
        Run r = java("bench", "--arch", "mobilenet_v2_x0_35", "--input-size", "96", "--runs", "3", "--warmup", "1");
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("median ms"), r.out);
    }

    /** ONNX Runtime travels in the jar: the comparison runs, checks all three engines and writes its report. */
    @Test
    void compareOrtRunsFromTheJar() throws Exception {
        Path models = Python.workDir("ort-models");
        Python.run("export_onnx.py", models.toString(), "--arch", "mobilenet_v3_small");
        Path out = tmp.resolve("ort-comparison");
        Run r = java("bench", "--arch", "mobilenet_v3_small", "--compare", "ort", "--models", models.toString(),
                "--threads", "1", "--runs", "2", "--warmup", "0", "--out", out.toString());
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("| mobilenet_v3_small_x1_0 |") && r.out.contains("ONNX Runtime"), r.out);
        assertTrue(Files.readString(out.resolve("ort-comparison.svg")).startsWith("<svg"));
        assertTrue(Files.readString(out.resolve("ort-comparison.md")).contains("geometric mean"));
    }
}
