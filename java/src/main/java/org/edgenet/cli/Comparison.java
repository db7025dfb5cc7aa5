package org.edgenet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.edgenet.Backend;
import org.edgenet.Net;
import org.edgenet.Nets;
import org.edgenet.Tensor;
import org.edgenet.io.Npy;
import org.edgenet.io.NpyArray;
import org.edgenet.weights.StateDict;

/**
 * edgenet native, edgenet Java and ONNX Runtime on the same exported networks. For each network and
 * thread count all three are built from the same weights, checked against PyTorch's logits (an
 * engine that disagrees stops the comparison), warmed up, then timed in interleaved rounds
 * (native, java, ORT, native, ...) so that drift and neighbours on a shared machine hit all alike.
 * In its turn each engine runs {@link #LEAD_RUNS} untimed runs, then the timed one: the latency of a
 * stream of frames. Its threads slept through the other engines' turns, and on this project's VM a
 * core that idled for tens of milliseconds comes back slowly (two 4 ms frames run at one thread's
 * speed with a 2-thread pool, the third at full speed), which would otherwise time the wake-up.
 */
final class Comparison {
    private static final long MIN_WARMUP_NANOS = 1_500_000_000L;
    static final int LEAD_RUNS = 2;

    private final int runs;
    private final int warmup;
    private final PrintStream progress;

    Comparison(int runs, int warmup, PrintStream progress) {
        if (runs < 1 || warmup < 0) {
            throw new IllegalArgumentException("runs must be >= 1 and warmup >= 0, got " + runs + ", " + warmup);
        }
        this.runs = runs;
        this.warmup = warmup;
        this.progress = progress;
    }

    ComparisonResult run(Machine machine, List<ExportedModels.Model> models, List<Integer> threadCounts)
            throws IOException {
        List<ComparisonResult.Row> rows = new ArrayList<>();
        for (ExportedModels.Model model : models) {
            StateDict weights = StateDict.read(model.pth());
            NpyArray input = Npy.read(model.input());
            float[] reference = Npy.read(model.logits()).data();
            for (int threads : threadCounts) {
                rows.add(measure(model, weights, input, reference, threads));
            }
        }
        return new ComparisonResult(machine, runs, warmup, rows);
    }

    private ComparisonResult.Row measure(ExportedModels.Model model, StateDict weights, NpyArray input,
                                         float[] reference, int threads) {
        int[] shape = input.shape();
        if (shape.length != 4 || shape[0] != 1 || shape[1] != 3) {
            throw new IllegalArgumentException(model.input() + ": expected an NCHW [1, 3, H, W] input, got "
                    + java.util.Arrays.toString(shape));
        }
        String where = model.arch() + ", " + threads + (threads == 1 ? " thread" : " threads");
        try (Tensor x = Tensor.of(input.data(), shape);
             Net nat = build(model.arch(), weights, Backend.NATIVE, shape, threads);
             Net jav = build(model.arch(), weights, Backend.JAVA, shape, threads);
             OrtEngine ort = new OrtEngine(model.onnx(), threads)) {
            ort.input(input.data(), 1, 3, shape[2], shape[3]);
            Map<Engine, Supplier<float[]>> engines = new EnumMap<>(Engine.class);
            engines.put(Engine.NATIVE, () -> nat.run(x));
            engines.put(Engine.JAVA, () -> jav.run(x));
            engines.put(Engine.ORT, ort::run);

            Map<Engine, Double> parity = new EnumMap<>(Engine.class);
            engines.forEach((e, run) -> parity.put(e, LogitParity.check(reference, run.get(), e.label + " on " + where)));
            progress.printf(Locale.ROOT, "%s: all three match PyTorch; warming up, then %d interleaved rounds%n",
                    where, runs);
            engines.values().forEach(this::warm);

            Map<Engine, double[]> millis = new EnumMap<>(Engine.class);
            engines.keySet().forEach(e -> millis.put(e, new double[runs]));
            for (int r = 0; r < runs; r++) {
                for (Map.Entry<Engine, Supplier<float[]>> e : engines.entrySet()) {
                    for (int lead = 0; lead < LEAD_RUNS; lead++) {
                        e.getValue().get();
                    }
                    long t0 = System.nanoTime();
                    e.getValue().get();
                    millis.get(e.getKey())[r] = (System.nanoTime() - t0) / 1e6;
                }
            }
            Map<Engine, Latencies> latency = new EnumMap<>(Engine.class);
            millis.forEach((e, m) -> latency.put(e, new Latencies(m)));
            return new ComparisonResult.Row(model.arch(), threads, nat.macs(), nat.peakActivationBytes(), latency,
                    parity);
        }
    }

    private static Net build(String arch, StateDict weights, Backend backend, int[] shape, int threads) {
        return Nets.byName(arch).inputSize(shape[2], shape[3]).weights(weights).backend(backend).threads(threads)
                .build();
    }

    private void warm(Supplier<float[]> run) {
        long start = System.nanoTime();
        for (int i = 0; i < warmup || System.nanoTime() - start < MIN_WARMUP_NANOS; i++) {
            run.get();
        }
    }
}
