package org.edgenet.cli;

import java.util.Locale;

/** The Markdown report of {@code bench --compare ort}: how it was measured, then one table per thread count. */
final class ComparisonReport {
    private ComparisonReport() {}

    static String markdown(ComparisonResult result, String weightsNote, String chartFile) {
        Machine m = result.machine();
        StringBuilder md = new StringBuilder();
        md.append("# edgenet against ONNX Runtime\n\n");
        line(md, "- **Machine**: %s, %d logical CPUs, 1-minute load average %.2f when the run started; edgenet "
                + "kernels: %s; ONNX Runtime %s (CPU; intra-op threads = the thread count, 1 inter-op thread, "
                + "sequential execution, all graph optimisations).",
                m.cpu(), m.logicalCpus(), m.loadAverage(), m.isa(), m.ortVersion());
        line(md, "- **FMA peak**: %.1f GFLOP/s on one thread, measured in this run (en_fma_peak_gflops: independent "
                + "multiply-add chains in the widest vector variant edgenet has for this CPU, 2 flops per lane). "
                + "%% of peak = 2·MACs / median latency / (peak × threads): the 2-thread columns are against 2 × the "
                + "single-thread peak. ONNX Runtime may use other vector widths than edgenet.", m.fmaPeakGflops());
        line(md, "- **Weights**: %s. Before timing, every engine's logits were checked against PyTorch's "
                + "(max |Δlogit| <= 1e-4·max|logit|, same top-5); the largest difference seen, as a share of "
                + "that bound: %s.", weightsNote, worstParity(result));
        line(md, "- **Timing**: median (p90 in brackets) of %d interleaved rounds (native, java, ORT, native, ...) "
                + "after at least %d warm-up runs and 1.5 s per engine; in its turn each engine runs %d untimed "
                + "runs, then the timed one (a stream of frames: its threads slept through the others' turns). "
                + "ORT / native above 1 means edgenet-native is the faster.", result.runs(), result.warmup(),
                Comparison.LEAD_RUNS);
        line(md, "- **Peak activation memory** is the arena edgenet's memory planner lays out; ONNX Runtime's is "
                + "not observable through its API, so it has no column.");
        if (chartFile != null) {
            line(md, "- **Chart**: [%s](%s).", chartFile, chartFile);
        }
        for (int threads : result.threadCounts()) {
            md.append('\n');
            line(md, "## %d thread%s", threads, threads == 1 ? "" : "s");
            md.append('\n');
            md.append("| network | MACs (M) | edgenet-native ms | edgenet-java ms | ONNX Runtime ms | ORT / native "
                    + "| % peak native | % peak java | % peak ORT | peak activation MiB |\n");
            md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            for (ComparisonResult.Row r : result.rows(threads)) {
                line(md, "| %s | %.1f | %s | %s | %s | %.2f× | %s | %s | %s | %.2f |", r.arch(), r.macs() / 1e6,
                        millis(r, Engine.NATIVE), millis(r, Engine.JAVA), millis(r, Engine.ORT), r.ortOverNative(),
                        percent(r, Engine.NATIVE, m), percent(r, Engine.JAVA, m), percent(r, Engine.ORT, m),
                        r.peakActivationBytes() / 1048576.0);
            }
            line(md, "| **geometric mean** | | | | | **%.2f×** | | | | |", result.geomeanOrtOverNative(threads));
        }
        return md.toString();
    }

    private static String millis(ComparisonResult.Row r, Engine e) {
        Latencies l = r.latency().get(e);
        return String.format(Locale.ROOT, "%.2f (%.2f)", l.median(), l.quantile(0.9));
    }

    private static String percent(ComparisonResult.Row r, Engine e, Machine m) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * r.peakShare(e, m.fmaPeakGflops()));
    }

    private static String worstParity(ComparisonResult result) {
        StringBuilder s = new StringBuilder();
        for (Engine e : Engine.values()) {
            double worst = result.rows().stream().mapToDouble(r -> r.parity().getOrDefault(e, Double.NaN)).max()
                    .orElse(Double.NaN);
            s.append(s.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.2f", e.label, worst));
        }
        return s.toString();
    }

    private static void line(StringBuilder md, String format, Object... args) {
        md.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
