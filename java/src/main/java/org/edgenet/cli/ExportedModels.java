package org.edgenet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edgenet.arch.Architectures;
import org.edgenet.util.Json;

/**
 * The folder models/export_onnx.py writes: per network the same seeded weights as .pth (edgenet)
 * and .onnx (ONNX Runtime), an input and PyTorch's logits for it, listed in manifest.json.
 */
final class ExportedModels {
    /** Where {@code --models} points when it is not given. */
    static final Path DEFAULT_DIR = Path.of(System.getProperty("user.home"), ".cache", "edgenet", "ort-models");

    /** One exported network; paths are absolute. */
    record Model(String arch, long seed, Path pth, Path onnx, Path input, Path logits) {}

    private final Path dir;
    private final String torchVersion;
    private final long opset;
    private final Map<String, Model> byArch = new LinkedHashMap<>();

    private ExportedModels(Path dir, String torchVersion, long opset) {
        this.dir = dir;
        this.torchVersion = torchVersion;
        this.opset = opset;
    }

    /** Reads DIR/manifest.json; a missing folder or file says how to write it. */
    @SuppressWarnings("unchecked")
    static ExportedModels open(Path dir) throws IOException {
        Path manifest = dir.resolve("manifest.json");
        if (!Files.isRegularFile(manifest)) {
            throw new IllegalStateException("no exported models in " + dir + " (" + manifest.getFileName()
                    + " missing); write them with: " + exportCommand(dir, List.of()));
        }
        Map<String, Object> doc;
        try {
            doc = (Map<String, Object>) Json.parse(Files.readString(manifest));
            ExportedModels models = new ExportedModels(dir, (String) doc.get("torch"), (Long) doc.get("opset"));
            for (Object o : (List<Object>) doc.get("networks")) {
                Map<String, Object> n = (Map<String, Object>) o;
                String arch = Architectures.byName((String) n.get("arch")).name();
                models.byArch.put(arch, new Model(arch, (Long) n.get("seed"), file(dir, n, "pth"), file(dir, n, "onnx"),
                        file(dir, n, "input"), file(dir, n, "logits")));
            }
            return models;
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new IllegalStateException(manifest + " is not a manifest of models/export_onnx.py (" + e.getMessage()
                    + "); write it again with: " + exportCommand(dir, List.of()), e);
        }
    }

    /** The exported files of these networks (edgenet names), all present, or an error naming the command. */
    List<Model> require(List<String> archs) {
        List<String> missing = archs.stream().filter(a -> !byArch.containsKey(a) || !complete(byArch.get(a))).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("no complete export of " + String.join(", ", missing) + " in " + dir
                    + "; write it with: " + exportCommand(dir, missing));
        }
        return archs.stream().map(byArch::get).toList();
    }

    String torchVersion() {
        return torchVersion;
    }

    long opset() {
        return opset;
    }

    Path dir() {
        return dir;
    }

    /** The exact command that writes what is missing. */
    static String exportCommand(Path dir, List<String> archs) {
        StringBuilder cmd = new StringBuilder("/usr/bin/python3 models/export_onnx.py " + dir);
        archs.forEach(a -> cmd.append(" --arch ").append(a));
        return cmd.toString();
    }

    private static boolean complete(Model m) {
        return Files.isRegularFile(m.pth()) && Files.isRegularFile(m.onnx()) && Files.isRegularFile(m.input())
                && Files.isRegularFile(m.logits());
    }

    private static Path file(Path dir, Map<String, Object> entry, String key) {
        Object name = entry.get(key);
        if (!(name instanceof String)) {
            throw new IllegalArgumentException("'" + key + "' missing for " + entry.get("arch"));
        }
        return dir.resolve((String) name).toAbsolutePath().normalize();
    }
}
