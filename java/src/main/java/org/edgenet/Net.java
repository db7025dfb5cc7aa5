package org.edgenet;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.edgenet.arch.Architecture;
import org.edgenet.backend.Executor;
import org.edgenet.graph.Graph;
import org.edgenet.graph.MemoryPlan;
import org.edgenet.graph.Op;
import org.edgenet.image.Preprocess;

/**
 * A built network: fused graph, activation arena and backend, ready to run. Create one with
 * {@link Nets}; close it to free its native memory and threads. Calls are serialised, so a net may
 * be shared, but one net per thread runs images in parallel.
 */
public final class Net implements AutoCloseable {
    private final Architecture architecture;
    private final Graph graph;
    private final MemoryPlan plan;
    private final Backend backend;
    private final int threads;
    private final String weightsSource;
    private Executor executor;
    private Preprocess preprocess;

    Net(Architecture architecture, Graph graph, MemoryPlan plan, Executor executor, Backend backend, int threads,
        String weightsSource) {
        this.architecture = architecture;
        this.graph = graph;
        this.plan = plan;
        this.executor = executor;
        this.backend = backend;
        this.threads = threads;
        this.weightsSource = weightsSource;
    }

    /** Runs one preprocessed NCHW image [1, 3, H, W] and returns its logits. */
    public synchronized float[] run(Tensor input) {
        Executor exec = open();
        checkInput(input);
        float[] logits = exec.run(input);
        for (int i = 0; i < logits.length; i++) {
            if (!Float.isFinite(logits[i])) {
                throw new ArithmeticException("logit " + i + " is " + logits[i]
                        + ": the weights overflow float32 on this input");
            }
        }
        return logits;
    }

    /**
     * Times every step of the network on one input: runs it {@code runs} times and returns, per
     * step in execution order, the median wall time (the first step is the input's conversion to
     * NHWC, then the fused ops). The steps' sum is close to a run's latency; the profile shows where
     * it goes.
     */
    public synchronized List<OpProfile> profile(Tensor input, int runs) {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be >= 1, not " + runs);
        }
        int steps = graph.ops.size() + 1;
        long[][] nanos = new long[runs][steps];
        for (int r = 0; r < runs; r++) {
            checkInput(input);
            open().run(input, nanos[r]);
        }
        List<OpProfile> out = new ArrayList<>(steps);
        Executor executor = open();
        for (int i = 0; i < steps; i++) {
            long[] column = new long[runs];
            for (int r = 0; r < runs; r++) {
                column[r] = nanos[r][i];
            }
            Arrays.sort(column);
            double median = (column[(runs - 1) / 2] + column[runs / 2]) / 2e3;
            if (i == 0) {
                out.add(new OpProfile("input", "nchw_to_nhwc", 0, median));
                continue;
            }
            // A fused step: one row, its ops' kinds joined by '+' and their work summed.
            int span = executor.opsInStep(i - 1);
            if (span == 0) {
                continue;
            }
            List<Op> ops = graph.ops.subList(i - 1, i - 1 + span);
            String kind = String.join("+", ops.stream().map(op -> op.getClass().getSimpleName()).toList());
            out.add(new OpProfile(ops.get(0).name(), kind, ops.stream().mapToLong(Op::macs).sum(), median));
        }
        return out;
    }

    /** Runs one preprocessed NCHW image given as an array of 3*H*W floats. */
    public float[] run(float[] nchw) {
        int[] shape = inputShape();
        if (nchw.length != shape[1] * shape[2] * shape[3]) {
            throw new IllegalArgumentException("input has " + nchw.length + " values, this net takes "
                    + Arrays.toString(shape) + " = " + shape[1] * shape[2] * shape[3]);
        }
        try (Tensor t = Tensor.of(nchw, shape)) {
            return run(t);
        }
    }

    /**
     * Preprocesses an image as the architecture's published weights expect (torchvision's resize,
     * centre crop and normalisation for most) and returns the top 5.
     */
    public Prediction classify(BufferedImage image) {
        return classify(image, 5);
    }

    public Prediction classify(BufferedImage image, int topK) {
        int[] shape = inputShape();
        if (shape[2] != shape[3]) {
            throw new IllegalStateException("image classification needs a square input size, this net takes "
                    + shape[2] + "x" + shape[3]);
        }
        synchronized (this) {
            open();
            if (preprocess == null) {
                preprocess = architecture.preprocess(shape[2]);
            }
        }
        try (Tensor t = preprocess.toTensor(image)) {
            return Prediction.of(run(t), topK);
        }
    }

    /** Reads an image file (JPEG, PNG, BMP) and classifies it. */
    public Prediction classify(Path image) throws IOException {
        return classify(Preprocess.read(image));
    }

    /** [1, 3, H, W]. */
    public int[] inputShape() {
        return new int[] {graph.input.n, graph.input.c, graph.input.h, graph.input.w};
    }

    public int numClasses() {
        return graph.output.c;
    }

    public Architecture architecture() {
        return architecture;
    }

    public Backend backend() {
        return backend;
    }

    public int threads() {
        return threads;
    }

    /** Bytes of the activation arena: the most activation memory a run needs. */
    public long peakActivationBytes() {
        return plan.peakBytes();
    }

    /** The arena planner's result, including what one buffer per layer would need. */
    public MemoryPlan memoryPlan() {
        return plan;
    }

    public long parameters() {
        return graph.parameters();
    }

    public long macs() {
        return graph.macs();
    }

    /** The fused graph (read-only). */
    public Graph graph() {
        return graph;
    }

    /** e.g. "mobilenet_v2_x1_0 224x224, native avx2, 2 threads, weights from x.pth". */
    public String describe() {
        return architecture.name() + " " + graph.input.h + "x" + graph.input.w + ", "
                + (executor == null ? "closed" : executor.engine()) + ", " + threads
                + (threads == 1 ? " thread, " : " threads, ") + weightsSource;
    }

    /** The kernels that run, e.g. "native avx2" or "java". */
    public synchronized String engine() {
        return open().engine();
    }

    public synchronized boolean isClosed() {
        return executor == null;
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.close();
            executor = null;
        }
    }

    private void checkInput(Tensor input) {
        int[] expected = inputShape();
        if (input.isClosed()) {
            throw new IllegalStateException("input tensor is closed");
        }
        if (!Arrays.equals(input.shape(), expected)) {
            throw new IllegalArgumentException("input shape " + Arrays.toString(input.shape())
                    + " does not match this net's " + Arrays.toString(expected) + " (NCHW)");
        }
    }

    private Executor open() {
        if (executor == null) {
            throw new IllegalStateException("net " + architecture.name() + " is closed");
        }
        return executor;
    }
}
