package org.edgenet.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.edgenet.arch.Architectures;

/**
 * {@code bench --arch all --compare ort [--models DIR] [--threads 1,2] [--runs N] [--warmup N] [--out DIR]}:
 * edgenet native and Java against ONNX Runtime on the networks models/export_onnx.py wrote. The
 * Markdown report goes to stdout, and with --out also to DIR/ort-comparison.md beside a latency
 * chart, DIR/ort-comparison.svg; progress goes to stderr.
 */
final class CompareCommand {
    static final String REPORT = "ort-comparison.md", CHART = "ort-comparison.svg";
    private static final int PROBE_MILLIS = 1000;

    private final PrintStream out, progress;

    CompareCommand(PrintStream out, PrintStream progress) {
        this.out = out;
        this.progress = progress;
    }

    /** True when a bench command line asks for a comparison. */
    static boolean requested(String[] argv) {
        return Arrays.stream(argv).anyMatch(a -> a.equals("--compare") || a.startsWith("--compare="));
    }

    int run(String[] argv) throws Exception {
        Args a = Args.parse(argv, 0, Set.of("arch", "compare", "models", "threads", "runs", "warmup", "out"), Set.of());
        if (!a.require("compare").equals("ort")) {
            throw new Args.UsageException("--compare takes 'ort' (ONNX Runtime), got '" + a.get("compare", "") + "'");
        }
        List<String> archs = archNames(a.require("arch"));
        List<Integer> threads = threadCounts(a.get("threads", "1,2"));
        int runs = a.intValue("runs", 30, 1, 100_000);
        int warmup = a.intValue("warmup", 10, 0, 100_000);
        Path outDir = a.get("out", null) == null ? null : Path.of(a.get("out", null));
        if (!a.positionals().isEmpty()) {
            throw new Args.UsageException("unexpected argument '" + a.positionals().get(0) + "'");
        }

        ExportedModels models = ExportedModels.open(Path.of(a.get("models", ExportedModels.DEFAULT_DIR.toString())));
        List<ExportedModels.Model> chosen = models.require(archs);
        Machine machine = probeMachine();
        progress.printf(Locale.ROOT, "%s, edgenet %s, ONNX Runtime %s; single-thread FMA peak %.1f GFLOP/s%n",
                machine.cpu(), machine.isa(), machine.ortVersion(), machine.fmaPeakGflops());
        ComparisonResult result = new Comparison(runs, warmup, progress).run(machine, chosen, threads);

        String weights = "seeded random weights written by models/export_onnx.py to " + models.dir() + " (torch "
                + models.torchVersion() + ", ONNX opset " + models.opset() + "): .pth for edgenet, .onnx for "
                + "ONNX Runtime";
        String report = ComparisonReport.markdown(result, weights, outDir == null ? null : CHART);
        out.print(report);
        if (outDir != null) {
            Files.createDirectories(outDir);
            Files.writeString(outDir.resolve(REPORT), report);
            Files.writeString(outDir.resolve(CHART), LatencyChart.svg(result));
            out.println();
            out.println("wrote " + outDir.resolve(REPORT) + " and " + outDir.resolve(CHART));
        }
        return 0;
    }

    private static Machine probeMachine() {
        try {
            return Machine.probe(PROBE_MILLIS);
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException("ONNX Runtime is not on the classpath (com.microsoft.onnxruntime:onnxruntime;"
                    + " java/target/edgenet-cli.jar carries it)", e);
        }
    }

    /** "all" is the nine flagships; otherwise a comma-separated list. */
    private static List<String> archNames(String spec) {
        if (spec.equals("all")) {
            return Architectures.flagships().stream().map(arch -> arch.name()).toList();
        }
        List<String> out = new ArrayList<>();
        for (String name : spec.split(",")) {
            out.add(Architectures.byName(name.trim()).name());
        }
        return out;
    }

    /** "1,2" -> [1, 2]. */
    static List<Integer> threadCounts(String spec) {
        List<Integer> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            int n;
            try {
                n = Integer.parseInt(part.trim());
            } catch (NumberFormatException e) {
                throw new Args.UsageException("--threads takes counts like 1,2, got '" + spec + "'");
            }
            if (n < 1 || n > 256) {
                throw new Args.UsageException("--threads must be in 1..256, got " + n);
            }
            if (out.contains(n)) {
                throw new Args.UsageException("--threads lists " + n + " twice");
            }
            out.add(n);
        }
        return out;
    }
}
