package org.edgenet.bench;

import java.util.concurrent.TimeUnit;
import org.edgenet.Backend;
import org.edgenet.Net;
import org.edgenet.Nets;
import org.edgenet.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** A whole network, batch 1, seeded random weights: native against pure Java, 1 and 2 threads. */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(1)
@State(Scope.Thread)
public class NetworkBench {
    @Param({"mobilenet_v1", "mobilenet_v2", "mobilenet_v3_large", "mobilenet_v3_small", "shufflenet_v1_g3",
            "shufflenet_v2_x1_0", "ghostnet_100", "mnasnet1_0", "efficientnet_b0"})
    public String arch;

    @Param({"224"})
    public int size;

    @Param({"NATIVE", "JAVA"})
    public Backend backend;

    @Param({"1", "2"})
    public int threads;

    private Net net;
    private Tensor input;

    @Setup(Level.Trial)
    public void setUp() {
        net = Nets.byName(arch).inputSize(size).randomWeights(0).backend(backend).threads(threads).build();
        input = Tensor.of(KernelBench.random(3 * size * size, 9), 1, 3, size, size);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        net.close();
        input.close();
    }

    @Benchmark
    public float[] inference() {
        return net.run(input);
    }
}
