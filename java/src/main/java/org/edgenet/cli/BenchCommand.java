package org.edgenet.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.edgenet.Backend;
import org.edgenet.Net;
import org.edgenet.NetBuilder;
import org.edgenet.Nets;
import org.edgenet.Tensor;
import org.edgenet.arch.Architectures;
import org.edgenet.weights.StateDict;

/**
 * {@code bench}: latency of whole networks. Every backend asked for is warmed up, then timed in
 * interleaved rounds (so drift hits all alike); medians and p90 are reported with each backend's
 * ratio to the first one, the baseline measured in the same run.
 */
final class BenchCommand {
    private static final long MIN_WARMUP_NANOS = 1_500_000_000L;

    private final PrintStream out;

    BenchCommand(PrintStream out) {
        this.out = out;
    }

    /** Latencies of one configuration, in milliseconds. */
    record Timing(Backend backend, String engine, int threads, double[] millis) {
        double quantile(double q) {
            double[] s = millis.clone();
            Arrays.sort(s);
            // nearest rank: the smallest value with at least q of the samples at or below it
            int rank = (int) Math.ceil(q * s.length);
            return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
        }

        double median() {
            double[] s = millis.clone();
            Arrays.sort(s);
            int n = s.length;
            return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        }

        double min() {
            return Arrays.stream(millis).min().orElse(Double.NaN);
        }
    }

    /** One network's measurement: its facts and one timing per backend. */
    record Result(String arch, int size, long parameters, long macs, long peakBytes, long naiveBytes,
                  List<Timing> timings) {
        double gflops(Timing t) {
            return 2.0 * macs / 1e9 / (t.median() / 1e3);
        }
    }

    int run(String[] argv) throws Exception {
        Args a = Args.parse(argv, 0, Set.of("arch", "weights", "backend", "threads", "runs", "warmup", "input-size",
                "seed"), Set.of("json"));
        List<String> archs = archNames(a.require("arch"));
        List<Backend> backends = Options.backends(a.get("backend", "native,java"));
        int threads = a.intValue("threads", 1, 1, 256);
        int runs = a.intValue("runs", 30, 1, 100_000);
        int warmup = a.intValue("warmup", 10, 0, 100_000);
        int seed = a.intValue("seed", 0, 0, Integer.MAX_VALUE);
        String weightsFile = a.get("weights", null);
        if (weightsFile != null && archs.size() > 1) {
            throw new Args.UsageException("--weights fits one --arch, not " + archs.size());
        }
        StateDict stateDict = weightsFile == null ? null : StateDict.read(Path.of(weightsFile));
        String weights = stateDict == null ? "random weights (seed " + seed + ")" : weightsFile;

        List<Result> results = new ArrayList<>();
        for (String arch : archs) {
            int size = a.intValue("input-size", Architectures.byName(arch).defaultInputSize(),
                    NetBuilder.MIN_INPUT, NetBuilder.MAX_INPUT);
            results.add(measure(arch, size, backends, threads, runs, warmup, seed, stateDict));
        }
        if (results.size() == 1) {
            report(results.get(0), runs, warmup, a.flag("json"), weights);
        } else {
            table(results, runs, threads, a.flag("json"), weights);
        }
        return 0;
    }

    /** "all" is the nine flagship networks; otherwise a comma-separated list of names. */
    private static List<String> archNames(String spec) {
        List<String> out = new ArrayList<>();
        if (spec.equals("all")) {
            Architectures.flagships().forEach(arch -> out.add(arch.name()));
            return out;
        }
        for (String name : spec.split(",")) {
            out.add(Architectures.byName(name.trim()).name());
        }
        return out;
    }

    private static Result measure(String arch, int size, List<Backend> backends, int threads, int runs, int warmup,
                                  int seed, StateDict stateDict) {
        List<Net> nets = new ArrayList<>();
        try (Tensor input = randomInput(size, seed)) {
            for (Backend b : backends) {
                NetBuilder builder = Nets.byName(arch).inputSize(size).backend(b).threads(threads);
                nets.add((stateDict == null ? builder.randomWeights(seed) : builder.weights(stateDict)).build());
            }
            for (Net net : nets) {
                warm(net, input, warmup);
            }
            double[][] millis = new double[nets.size()][runs];
            for (int r = 0; r < runs; r++) {
                for (int i = 0; i < nets.size(); i++) {
                    long t0 = System.nanoTime();
                    nets.get(i).run(input);
                    millis[i][r] = (System.nanoTime() - t0) / 1e6;
                }
            }
            List<Timing> timings = new ArrayList<>();
            for (int i = 0; i < nets.size(); i++) {
                Net net = nets.get(i);
                timings.add(new Timing(net.backend(), net.engine(), threads, millis[i]));
            }
            Net first = nets.get(0);
            return new Result(first.architecture().name(), size, first.parameters(), first.macs(),
                    first.peakActivationBytes(), first.memoryPlan().naiveBytes(), timings);
        } finally {
            nets.forEach(Net::close);
        }
    }

    private static void warm(Net net, Tensor input, int runs) {
        long start = System.nanoTime();
        for (int i = 0; i < runs || System.nanoTime() - start < MIN_WARMUP_NANOS; i++) {
            net.run(input);
        }
    }

    private static Tensor randomInput(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[3 * size * size];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextDouble() * 4 - 2);
        }
        return Tensor.of(v, 1, 3, size, size);
    }

    private void report(Result r, int runs, int warmup, boolean json, String weights) {
        List<Timing> timings = r.timings();
        double baseline = timings.get(0).median();
        if (json) {
            Map<String, Object> doc = document(r, weights);
            doc.put("runs", runs);
            doc.put("warmup_runs", warmup);
            out.println(Output.json(doc));
            return;
        }
        out.printf(Locale.ROOT, "%s %dx%d, %s%n", r.arch(), r.size(), r.size(), weights);
        out.printf(Locale.ROOT,
                "params %.2f M, %.1f M MACs, peak activation memory %.2f MiB (%.2f MiB without reuse)%n",
                r.parameters() / 1e6, r.macs() / 1e6, r.peakBytes() / 1048576.0, r.naiveBytes() / 1048576.0);
        out.printf(Locale.ROOT, "%d timed runs each, interleaved, after >= %d warm-up runs and 1.5 s%n", runs, warmup);
        out.printf(Locale.ROOT, "%-26s %10s %10s %10s %9s %12s%n", "engine", "median ms", "p90 ms", "min ms", "GFLOP/s",
                "vs " + timings.get(0).backend().name().toLowerCase(Locale.ROOT));
        for (Timing t : timings) {
            out.printf(Locale.ROOT, "%-26s %10.3f %10.3f %10.3f %9.2f %11.2fx%n", t.engine(), t.median(),
                    t.quantile(0.9), t.min(), r.gflops(t), t.median() / baseline);
        }
    }

    /** Several networks: one row each, a median per backend, ratios to the first backend and their geomean. */
    private void table(List<Result> results, int runs, int threads, boolean json, String weights) {
        List<Timing> head = results.get(0).timings();
        if (json) {
            List<Object> docs = new ArrayList<>();
            results.forEach(r -> docs.add(document(r, weights)));
            out.println(Output.json(docs));
            return;
        }
        String base = head.get(0).backend().name().toLowerCase(Locale.ROOT);
        out.printf(Locale.ROOT, "%d networks, %s, %d thread%s, median of %d interleaved runs after warm-up%n",
                results.size(), weights, threads, threads == 1 ? "" : "s", runs);
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-24s %6s %8s %8s", "arch", "input",
                "MACs (M)", "peak MiB"));
        for (Timing t : head) {
            String name = t.backend().name().toLowerCase(Locale.ROOT);
            header.append(String.format(Locale.ROOT, " %11s %8s", name + " ms", "GFLOP/s"));
        }
        for (int i = 1; i < head.size(); i++) {
            header.append(String.format(Locale.ROOT, " %13s", head.get(i).backend().name().toLowerCase(Locale.ROOT)
                    + "/" + base));
        }
        out.println(header);
        double[] logRatio = new double[head.size()];
        for (Result r : results) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-24s %6d %8.1f %8.2f", r.arch(),
                    r.size(), r.macs() / 1e6, r.peakBytes() / 1048576.0));
            for (Timing t : r.timings()) {
                row.append(String.format(Locale.ROOT, " %11.3f %8.2f", t.median(), r.gflops(t)));
            }
            double baseline = r.timings().get(0).median();
            for (int i = 1; i < r.timings().size(); i++) {
                double ratio = r.timings().get(i).median() / baseline;
                logRatio[i] += Math.log(ratio);
                row.append(String.format(Locale.ROOT, " %12.2fx", ratio));
            }
            out.println(row);
        }
        if (head.size() > 1) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-24s", "geometric mean"));
            row.append(" ".repeat(6 + 1 + 8 + 1 + 8 + head.size() * 21));
            for (int i = 1; i < head.size(); i++) {
                row.append(String.format(Locale.ROOT, " %12.2fx", Math.exp(logRatio[i] / results.size())));
            }
            out.println(row);
        }
    }

    private static Map<String, Object> document(Result r, String weights) {
        double baseline = r.timings().get(0).median();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("arch", r.arch());
        doc.put("input", List.of(1, 3, r.size(), r.size()));
        doc.put("weights", weights);
        doc.put("parameters", r.parameters());
        doc.put("macs", r.macs());
        doc.put("peak_activation_bytes", r.peakBytes());
        List<Object> rows = new ArrayList<>();
        for (Timing t : r.timings()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("backend", t.backend().name().toLowerCase(Locale.ROOT));
            row.put("engine", t.engine());
            row.put("threads", t.threads());
            row.put("median_ms", t.median());
            row.put("p90_ms", t.quantile(0.9));
            row.put("min_ms", t.min());
            row.put("gflops", r.gflops(t));
            row.put("ratio_to_baseline", t.median() / baseline);
            rows.add(row);
        }
        doc.put("results", rows);
        return doc;
    }
}
