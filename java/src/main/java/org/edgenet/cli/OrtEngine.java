package org.edgenet.cli;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One ONNX Runtime CPU session over an exported network, configured for single-image latency:
 * {@code threads} intra-op threads, one inter-op thread, sequential execution, every graph
 * optimisation. The input tensor is created once and reused, as edgenet reuses its input.
 * Its workers spin between operators as by default, but stop when a run returns
 * ({@code session.force_spinning_stop}): left spinning they hold a core for tens of milliseconds
 * after each run, which on a small machine slows whatever engine runs next.
 */
final class OrtEngine implements AutoCloseable {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final String inputName;
    private OnnxTensor input;

    OrtEngine(Path model, int threads) {
        if (!Files.isRegularFile(model)) {
            throw new IllegalArgumentException("no ONNX model at " + model);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.addConfigEntry("session.force_spinning_stop", "1");
            session = env.createSession(model.toString(), options);
            if (session.getInputNames().size() != 1) {
                session.close();
                throw new IllegalArgumentException(model + " has inputs " + session.getInputNames() + ", expected one");
            }
            inputName = session.getInputNames().iterator().next();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load " + model + ": " + e.getMessage(), e);
        }
    }

    /** ONNX Runtime's version, e.g. "1.29.0". */
    static String version() {
        return OrtEnvironment.getEnvironment().getVersion();
    }

    /** Sets the input every later {@link #run()} reads: NCHW floats of the given shape. */
    void input(float[] nchw, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != nchw.length) {
            throw new IllegalArgumentException("input has " + nchw.length + " values, shape needs " + n);
        }
        try {
            OnnxTensor next = OnnxTensor.createTensor(env, FloatBuffer.wrap(nchw), shape);
            closeInput();
            input = next;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime: " + e.getMessage(), e);
        }
    }

    /** Runs the network on the current input and returns its first output, flattened (the logits). */
    float[] run() {
        if (input == null) {
            throw new IllegalStateException("no input: call input(...) first");
        }
        try (OrtSession.Result result = session.run(Map.of(inputName, input))) {
            OnnxValue out = result.get(0);
            if (!(out instanceof OnnxTensor)) {
                throw new IllegalStateException("the model's first output is not a tensor");
            }
            FloatBuffer values = ((OnnxTensor) out).getFloatBuffer();
            if (values == null) {
                throw new IllegalStateException("the model's first output is not float32");
            }
            float[] logits = new float[values.remaining()];
            values.get(logits);
            return logits;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime: " + e.getMessage(), e);
        }
    }

    private void closeInput() {
        if (input != null) {
            input.close();
            input = null;
        }
    }

    @Override
    public void close() {
        closeInput();
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime: " + e.getMessage(), e);
        }
    }
}
