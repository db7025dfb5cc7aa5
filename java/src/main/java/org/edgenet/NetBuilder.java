package org.edgenet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.edgenet.arch.Architecture;
import org.edgenet.arch.Architectures;
import org.edgenet.backend.Executor;
import org.edgenet.backend.JavaExecutor;
import org.edgenet.backend.NativeExecutor;
import org.edgenet.backend.SeparableBlocks;
import org.edgenet.graph.Graph;
import org.edgenet.graph.MemoryPlan;
import org.edgenet.graph.ParameterSource;
import org.edgenet.graph.RandomParameters;
import org.edgenet.weights.StateDict;
import org.edgenet.weights.StateDictParameters;
import org.edgenet.weights.WeightsMismatchException;

/** Configures and builds a {@link Net}: weights, input size, backend, threads. */
public final class NetBuilder {
    /** Input sizes accepted: the final 1x1 feature map needs at least 32 pixels; 1024 bounds memory. */
    public static final int MIN_INPUT = 32, MAX_INPUT = 1024;

    private final Architecture architecture;
    private int height, width;
    private int numClasses = 1000;
    private Backend backend = Backend.NATIVE;
    private int threads = 1;
    private java.util.function.Function<Architecture, ParameterSource> params;  // a fresh source per build

    NetBuilder(Architecture architecture) {
        this.architecture = architecture;
        this.height = this.width = architecture.defaultInputSize();
    }

    /** Square input of size x size pixels (default: the size the weights were trained at). */
    public NetBuilder inputSize(int size) {
        return inputSize(size, size);
    }

    public NetBuilder inputSize(int height, int width) {
        checkSize(height, "height");
        checkSize(width, "width");
        this.height = height;
        this.width = width;
        return this;
    }

    /** Number of classes of the final linear layer (default 1000, ImageNet). */
    public NetBuilder numClasses(int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
        }
        this.numClasses = numClasses;
        return this;
    }

    /** Reads a PyTorch .pth (zip or legacy) or .safetensors file with the architecture's PyTorch keys. */
    public NetBuilder weights(Path file) {
        try {
            return weights(StateDict.read(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** Uses tensors already read. */
    public NetBuilder weights(StateDict stateDict) {
        java.util.Objects.requireNonNull(stateDict, "stateDict");
        this.params = a -> new StateDictParameters(stateDict, a::canonicalKey);
        return this;
    }

    /** Seeded random weights: for benchmarks and smoke tests. */
    public NetBuilder randomWeights(long seed) {
        this.params = a -> new RandomParameters(seed);
        return this;
    }

    public NetBuilder backend(Backend backend) {
        this.backend = java.util.Objects.requireNonNull(backend, "backend");
        return this;
    }

    /** Threads that split each layer's work (default 1). */
    public NetBuilder threads(int threads) {
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("threads must be in 1..256, got " + threads);
        }
        this.threads = threads;
        return this;
    }

    public Net build() {
        if (params == null) {
            throw new IllegalStateException("no weights for " + architecture.name()
                    + ": call weights(path) or randomWeights(seed)");
        }
        ParameterSource source = params.apply(architecture);
        Graph graph;
        try {
            graph = architecture.build(1, height, width, numClasses, source);
            source.finish();
        } catch (WeightsMismatchException e) {
            throw withSiblingHint(e);
        }
        // The native backend runs depthwise-separable blocks as one step each: planned as such.
        MemoryPlan plan = backend == Backend.NATIVE ? MemoryPlan.of(graph, SeparableBlocks.steps(graph))
                : MemoryPlan.of(graph);
        Executor executor = backend == Backend.NATIVE
                ? new NativeExecutor(graph, plan, threads)
                : new JavaExecutor(graph, plan, threads);
        return new Net(architecture, graph, plan, executor, backend, threads, source.describe());
    }

    /** Weights of another width of the same family are a common mistake: name the variant that fits. */
    private WeightsMismatchException withSiblingHint(WeightsMismatchException e) {
        for (Architecture sibling : Architectures.siblings(architecture)) {
            try {
                ParameterSource probe = params.apply(sibling);
                sibling.build(1, MIN_INPUT, MIN_INPUT, numClasses, probe);
                probe.finish();
                return new WeightsMismatchException(e.getMessage() + "; these weights fit --arch " + sibling.name());
            } catch (RuntimeException doesNotFit) {
                // try the next width
            }
        }
        return e;
    }

    private static void checkSize(int size, String what) {
        if (size < MIN_INPUT || size > MAX_INPUT) {
            throw new IllegalArgumentException("input " + what + " must be in " + MIN_INPUT + ".." + MAX_INPUT
                    + ", got " + size);
        }
    }
}
