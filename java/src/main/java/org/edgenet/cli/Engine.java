package org.edgenet.cli;

/** The engines {@code bench --compare ort} sets side by side, in the order they run in each round. */
enum Engine {
    NATIVE("edgenet-native"),
    JAVA("edgenet-java"),
    ORT("ONNX Runtime");

    final String label;

    Engine(String label) {
        this.label = label;
    }
}
