package org.edgenet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.edgenet.backend.NativeBackendLoader;
import org.edgenet.kernels.CpuFeatures;
import org.edgenet.kernels.NativeKernels;

/**
 * The machine a comparison ran on: CPU, the ISA edgenet's kernels used (with the CPU features detected),
 * ONNX Runtime's version, the single-thread multiply-add peak measured in the same run, and the 1-minute
 * load average when it started (NaN where unknown), since other processes on a small machine distort
 * multi-thread timings.
 */
record Machine(String cpu, int logicalCpus, String isa, String ortVersion, double fmaPeakGflops, double loadAverage) {
    Machine {
        if (!(fmaPeakGflops > 0) || Double.isInfinite(fmaPeakGflops)) {
            throw new IllegalArgumentException("FMA peak must be positive and finite, got " + fmaPeakGflops);
        }
    }

    /** Measures this machine; the FMA probe runs for {@code probeMillis}. */
    static Machine probe(int probeMillis) {
        NativeBackendLoader.requireLoaded();
        double peak = NativeKernels.en_fma_peak_gflops(probeMillis);
        return new Machine(cpuModel(), Runtime.getRuntime().availableProcessors(),
                NativeKernels.en_isa_name(NativeKernels.en_isa_active()) + " (CPU features: " + CpuFeatures.detected() + ")",
                OrtEngine.version(), peak, currentLoad());
    }

    /** The first field of /proc/loadavg. */
    private static double currentLoad() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** "model name" of /proc/cpuinfo, else the JVM's idea of the architecture. */
    private static String cpuModel() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (String line : lines) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: fall through
        }
        return System.getProperty("os.arch");
    }
}
