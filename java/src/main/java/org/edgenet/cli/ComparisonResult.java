package org.edgenet.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What {@code bench --compare ort} measured, and the figures derived from it. */
record ComparisonResult(Machine machine, int runs, int warmup, List<Row> rows) {
    ComparisonResult {
        rows = List.copyOf(rows);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no networks measured");
        }
    }

    /**
     * One network at one thread count: its MACs, edgenet's peak activation memory, each engine's
     * latencies and its largest |Δlogit| against PyTorch as a share of the parity bound.
     */
    record Row(String arch, int threads, long macs, long peakActivationBytes, Map<Engine, Latencies> latency,
               Map<Engine, Double> parity) {
        Row {
            latency = Map.copyOf(latency);
            parity = Map.copyOf(parity);
            for (Engine e : Engine.values()) {
                if (!latency.containsKey(e)) {
                    throw new IllegalArgumentException(arch + ": no latencies for " + e.label);
                }
            }
        }

        double median(Engine e) {
            return latency.get(e).median();
        }

        /** ORT's median over edgenet-native's: above 1, native is the faster. */
        double ortOverNative() {
            return median(Engine.ORT) / median(Engine.NATIVE);
        }

        /** 2·MACs per run at the median latency, as a share of the peak of this many threads. */
        double peakShare(Engine e, double singleThreadPeakGflops) {
            double gflops = 2.0 * macs / 1e9 / (median(e) / 1e3);
            return gflops / (singleThreadPeakGflops * threads);
        }
    }

    /** The thread counts measured, in the order first met. */
    List<Integer> threadCounts() {
        List<Integer> out = new ArrayList<>();
        for (Row r : rows) {
            if (!out.contains(r.threads())) {
                out.add(r.threads());
            }
        }
        return out;
    }

    List<Row> rows(int threads) {
        return rows.stream().filter(r -> r.threads() == threads).toList();
    }

    /** Geometric mean of ORT/native over the networks run with this many threads. */
    double geomeanOrtOverNative(int threads) {
        List<Row> at = rows(threads);
        if (at.isEmpty()) {
            throw new IllegalArgumentException("nothing measured with " + threads + " threads");
        }
        double logSum = 0;
        for (Row r : at) {
            logSum += Math.log(r.ortOverNative());
        }
        return Math.exp(logSum / at.size());
    }
}
