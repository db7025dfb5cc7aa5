package org.edgenet.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.edgenet.NetBuilder;
import org.edgenet.arch.Architecture;
import org.edgenet.arch.Architectures;
import org.edgenet.graph.Graph;
import org.edgenet.graph.ParameterSource;
import org.edgenet.weights.SafetensorsWriter;
import org.edgenet.weights.StateDict;
import org.edgenet.weights.StateDictParameters;
import org.edgenet.weights.WeightTensor;

/**
 * {@code convert}: a checkpoint in any key scheme the architecture reads (torchvision, timm, the
 * authors' release, wrapped or prefixed) to a .safetensors file holding exactly the tensors the
 * network uses, under its canonical keys. The checkpoint is validated as {@code classify} would
 * (every tensor present, of the right shape, finite; nothing left over) before anything is written.
 */
final class ConvertCommand {
    private final PrintStream out;

    ConvertCommand(PrintStream out) {
        this.out = out;
    }

    int run(String[] argv) throws Exception {
        Args a = Args.parse(argv, 0, Set.of("arch", "weights", "out"), Set.of());
        Architecture arch = Architectures.byName(a.require("arch"));
        Path in = Path.of(a.require("weights"));
        Path target = Path.of(a.require("out"));
        if (!target.getFileName().toString().endsWith(".safetensors")) {
            throw new Args.UsageException("--out must name a .safetensors file, got " + target);
        }
        StateDict dict = StateDict.read(in);
        Recorder taken = new Recorder(new StateDictParameters(dict, arch::canonicalKey));
        Graph graph = arch.build(1, NetBuilder.MIN_INPUT, NetBuilder.MIN_INPUT, 1000, taken);
        taken.finish();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("edgenet_arch", arch.name());
        metadata.put("converted_from", in.getFileName().toString());
        SafetensorsWriter.write(target, taken.tensors, metadata);
        out.printf("%s: %d tensors for %s (%d parameters after folding) written to %s%n", in, taken.tensors.size(),
                arch.name(), graph.parameters(), target);
        return 0;
    }

    /** Keeps every tensor the architecture takes, under the key it asks for. */
    private static final class Recorder implements ParameterSource {
        private final ParameterSource source;
        final Map<String, WeightTensor> tensors = new LinkedHashMap<>();

        Recorder(ParameterSource source) {
            this.source = source;
        }

        @Override
        public float[] take(String key, int... shape) {
            float[] v = source.take(key, shape);
            tensors.put(key, new WeightTensor(key, shape.clone(), v));
            return v;
        }

        @Override
        public void ignore(String key) {
            source.ignore(key);
        }

        @Override
        public void finish() {
            source.finish();
        }

        @Override
        public String describe() {
            return source.describe();
        }
    }
}
