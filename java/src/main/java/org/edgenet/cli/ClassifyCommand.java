package org.edgenet.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.edgenet.Backend;
import org.edgenet.Net;
import org.edgenet.NetBuilder;
import org.edgenet.Nets;
import org.edgenet.Prediction;
import org.edgenet.Tensor;
import org.edgenet.arch.Architectures;
import org.edgenet.image.Preprocess;
import org.edgenet.io.Npy;
import org.edgenet.io.NpyArray;
import org.edgenet.weights.StateDict;

/** {@code classify}: images or preprocessed .npy tensors through one architecture and weights file. */
final class ClassifyCommand {
    private final PrintStream out;

    ClassifyCommand(PrintStream out) {
        this.out = out;
    }

    /** One classified image: where it came from, its logits and top-k. */
    private record Result(String input, float[] logits, Prediction prediction) {}

    int run(String[] argv) throws Exception {
        Args a = Args.parse(argv, 0, Set.of("arch", "weights", "backend", "threads", "top", "save-logits",
                "input-size"), Set.of("json"));
        String arch = a.require("arch");
        Path weights = Path.of(a.require("weights"));
        Backend backend = Options.backend(a.get("backend", "native"));
        int threads = a.intValue("threads", 1, 1, 256);
        int top = a.intValue("top", 5, 1, 1000);
        List<String> inputs = a.positionals();
        if (inputs.isEmpty()) {
            throw new Args.UsageException("classify needs at least one INPUT (image or .npy)");
        }
        int imageSize = a.intValue("input-size", Architectures.byName(arch).defaultInputSize(),
                NetBuilder.MIN_INPUT, NetBuilder.MAX_INPUT);

        StateDict stateDict = StateDict.read(weights);
        Map<String, Net> nets = new LinkedHashMap<>();  // one per input size met
        List<Result> results = new ArrayList<>();
        try {
            for (String input : inputs) {
                Path path = Path.of(input);
                if (!Files.isRegularFile(path)) {
                    throw new java.nio.file.NoSuchFileException(input);
                }
                if (input.toLowerCase(Locale.ROOT).endsWith(".npy")) {
                    classifyTensors(path, arch, stateDict, backend, threads, top, nets, results);
                } else {
                    Net net = net(nets, arch, stateDict, backend, threads, imageSize, imageSize);
                    try (Tensor t = net.architecture().preprocess(imageSize).toTensor(Preprocess.read(path))) {
                        float[] logits = net.run(t);
                        results.add(new Result(input, logits, Prediction.of(logits, top)));
                    }
                }
            }
        } finally {
            nets.values().forEach(Net::close);
        }

        if (a.flag("json")) {
            out.println(Output.json(results.stream()
                    .map(r -> Output.entry(r.input, r.prediction)).toList()));
        } else {
            for (Result r : results) {
                out.println(r.input);
                Output.printTop(out, r.prediction);
            }
        }
        String save = a.get("save-logits", null);
        if (save != null) {
            int classes = results.get(0).logits.length;
            float[] all = new float[results.size() * classes];
            for (int i = 0; i < results.size(); i++) {
                System.arraycopy(results.get(i).logits, 0, all, i * classes, classes);
            }
            Npy.write(Path.of(save), all, results.size(), classes);
        }
        return 0;
    }

    /** A .npy of [N, 3, H, W] (or [3, H, W]) float tensors, each image run on a net of that size. */
    private static void classifyTensors(Path path, String arch, StateDict stateDict, Backend backend, int threads,
                                        int top, Map<String, Net> nets, List<Result> results) throws Exception {
        NpyArray array = Npy.read(path);
        int[] shape = array.shape();
        if (shape.length == 3) {
            shape = new int[] {1, shape[0], shape[1], shape[2]};
        }
        if (shape.length != 4 || shape[1] != 3) {
            throw new IllegalArgumentException(path + ": expected a float32 NCHW tensor [N, 3, H, W], got shape "
                    + java.util.Arrays.toString(array.shape()));
        }
        int n = shape[0], h = shape[2], w = shape[3];
        Net net = net(nets, arch, stateDict, backend, threads, h, w);
        float[] data = array.data();
        int per = 3 * h * w;
        for (int i = 0; i < n; i++) {
            float[] image = java.util.Arrays.copyOfRange(data, i * per, (i + 1) * per);
            float[] logits = net.run(image);
            results.add(new Result(n == 1 ? path.toString() : path + "[" + i + "]", logits,
                    Prediction.of(logits, top)));
        }
    }

    private static Net net(Map<String, Net> nets, String arch, StateDict stateDict, Backend backend, int threads,
                           int h, int w) {
        String key = h + "x" + w;
        Net net = nets.get(key);
        if (net == null) {
            net = Nets.byName(arch).inputSize(h, w).weights(stateDict).backend(backend).threads(threads).build();
            nets.put(key, net);
        }
        return net;
    }
}
