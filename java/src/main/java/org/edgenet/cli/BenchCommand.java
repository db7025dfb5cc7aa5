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

    int run(String[] argv) throws Exception {
        Args a = Args.parse(argv, 0, Set.of("arch", "weights", "backend", "threads", "runs", "warmup", "input-size",
                "seed"), Set.of("json"));
        String arch = a.require("arch");
        List<Backend> backends = Options.backends(a.get("backend", "native,java"));
        int threads = a.intValue("threads", 1, 1, 256);
        int runs = a.intValue("runs", 30, 1, 100_000);
        int warmup = a.intValue("warmup", 10, 0, 100_000);
        int size = a.intValue("input-size", Architectures.byName(arch).defaultInputSize(),
                NetBuilder.MIN_INPUT, NetBuilder.MAX_INPUT);
        int seed = a.intValue("seed", 0, 0, Integer.MAX_VALUE);
        String weightsFile = a.get("weights", null);
        StateDict stateDict = weightsFile == null ? null : StateDict.read(Path.of(weightsFile));

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
            report(nets.get(0), size, runs, warmup, timings, a.flag("json"),
                    stateDict == null ? "random weights (seed " + seed + ")" : weightsFile);
        } finally {
            nets.forEach(Net::close);
        }
        return 0;
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

    private void report(Net net, int size, int runs, int warmup, List<Timing> timings, boolean json, String weights) {
        double baseline = timings.get(0).median();
        double gflop = 2.0 * net.macs() / 1e9;
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("arch", net.architecture().name());
            doc.put("input", List.of(1, 3, size, size));
            doc.put("weights", weights);
            doc.put("parameters", net.parameters());
            doc.put("macs", net.macs());
            doc.put("peak_activation_bytes", net.peakActivationBytes());
            doc.put("runs", runs);
            doc.put("warmup_runs", warmup);
            List<Object> rows = new ArrayList<>();
            for (Timing t : timings) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("backend", t.backend().name().toLowerCase(Locale.ROOT));
                row.put("engine", t.engine());
                row.put("threads", t.threads());
                row.put("median_ms", t.median());
                row.put("p90_ms", t.quantile(0.9));
                row.put("min_ms", t.min());
                row.put("gflops", gflop / (t.median() / 1e3));
                row.put("ratio_to_baseline", t.median() / baseline);
                rows.add(row);
            }
            doc.put("results", rows);
            out.println(Output.json(doc));
            return;
        }
        out.printf(Locale.ROOT, "%s %dx%d, %s%n", net.architecture().name(), size, size, weights);
        out.printf(Locale.ROOT,
                "params %.2f M, %.1f M MACs, peak activation memory %.2f MiB (%.2f MiB without reuse)%n",
                net.parameters() / 1e6, net.macs() / 1e6, net.peakActivationBytes() / 1048576.0,
                net.memoryPlan().naiveBytes() / 1048576.0);
        out.printf(Locale.ROOT, "%d timed runs each, interleaved, after >= %d warm-up runs and 1.5 s%n", runs, warmup);
        out.printf(Locale.ROOT, "%-26s %10s %10s %10s %9s %12s%n", "engine", "median ms", "p90 ms", "min ms", "GFLOP/s",
                "vs " + timings.get(0).backend().name().toLowerCase(Locale.ROOT));
        for (Timing t : timings) {
            out.printf(Locale.ROOT, "%-26s %10.3f %10.3f %10.3f %9.2f %11.2fx%n", t.engine(), t.median(),
                    t.quantile(0.9), t.min(), gflop / (t.median() / 1e3), t.median() / baseline);
        }
    }
}
