package org.edgenet.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.edgenet.Backend;
import org.edgenet.Net;
import org.edgenet.NetBuilder;
import org.edgenet.Nets;
import org.edgenet.OpProfile;
import org.edgenet.Tensor;
import org.edgenet.arch.Architectures;

/**
 * {@code profile}: where one network's time goes, op by op (median per fused op over the runs,
 * with its GFLOP/s and share of the total), to find the layers worth tuning.
 */
final class ProfileCommand {
    private final PrintStream out;

    ProfileCommand(PrintStream out) {
        this.out = out;
    }

    int run(String[] argv) {
        Args a = Args.parse(argv, 0, Set.of("arch", "backend", "threads", "runs", "input-size", "seed"), Set.of());
        String arch = Architectures.byName(a.require("arch")).name();
        Backend backend = Options.backend(a.get("backend", "native"));
        int threads = a.intValue("threads", 1, 1, 256);
        int runs = a.intValue("runs", 50, 1, 100_000);
        int size = a.intValue("input-size", Architectures.byName(arch).defaultInputSize(), NetBuilder.MIN_INPUT,
                NetBuilder.MAX_INPUT);
        int seed = a.intValue("seed", 0, 0, Integer.MAX_VALUE);
        try (Net net = Nets.byName(arch).inputSize(size).backend(backend).threads(threads).randomWeights(seed).build();
             Tensor input = randomInput(size, seed)) {
            net.profile(input, Math.max(5, runs / 5));  // warm-up
            List<OpProfile> ops = net.profile(input, runs);
            double total = ops.stream().mapToDouble(OpProfile::medianMicros).sum();
            out.printf(Locale.ROOT, "%s %dx%d, %s, %d thread%s, median of %d runs per op; sum %.3f ms%n", arch, size,
                    size, net.engine(), threads, threads == 1 ? "" : "s", runs, total / 1e3);
            out.printf(Locale.ROOT, "%-28s %-29s %10s %10s %8s %7s%n", "op", "kind", "MACs (M)", "median us", "GFLOP/s",
                    "share");
            for (OpProfile p : ops) {
                out.printf(Locale.ROOT, "%-28s %-29s %10.2f %10.1f %8.1f %6.1f%%%n", p.op(), p.kind(), p.macs() / 1e6,
                        p.medianMicros(), p.gflops(), 100 * p.medianMicros() / total);
            }
        }
        return 0;
    }

    private static Tensor randomInput(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[3 * size * size];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextDouble() * 4 - 2);
        }
        return Tensor.of(v, 1, 3, size, size);
    }
}
