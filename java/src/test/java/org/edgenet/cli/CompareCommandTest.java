package org.edgenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench --compare ort's argument and prerequisite errors: one line, the right exit code, the fix named. */
class CompareCommandTest {
    @TempDir
    Path tmp;

    @Test
    void missingModelsNameTheExportCommand() {
        Path dir = tmp.resolve("no-models");
        MainTest.Run r = MainTest.cli("bench", "--arch", "all", "--compare", "ort", "--models", dir.toString());
        assertEquals(1, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("/usr/bin/python3 models/export_onnx.py " + dir), r.err());
        assertEquals("", r.out());
    }

    @Test
    void networksMissingFromTheManifestAreNamed() throws Exception {
        Files.writeString(tmp.resolve("manifest.json"), "{\"torch\": \"1.13\", \"opset\": 17, \"networks\": []}");
        MainTest.Run r = MainTest.cli("bench", "--arch", "mobilenet_v2,ghostnet_100", "--compare", "ort", "--models",
                tmp.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("models/export_onnx.py " + tmp + " --arch mobilenet_v2_x1_0 --arch ghostnet_100"),
                r.err());
    }

    @Test
    void aBrokenManifestIsAClearError() throws Exception {
        Files.writeString(tmp.resolve("manifest.json"), "{\"networks\": 3}");
        MainTest.Run r = MainTest.cli("bench", "--arch", "all", "--compare", "ort", "--models", tmp.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("not a manifest of models/export_onnx.py"), r.err());
    }

    @Test
    void usageMistakesExitWithTwo() {
        String[][] cases = {
            {"bench", "--arch", "all", "--compare", "tflite"},
            {"bench", "--arch", "all", "--compare", "ort", "--threads", "0"},
            {"bench", "--arch", "all", "--compare", "ort", "--threads", "1,1"},
            {"bench", "--arch", "all", "--compare", "ort", "--threads", "one"},
            {"bench", "--arch", "all", "--compare", "ort", "--backend", "java"},
            {"bench", "--compare", "ort"},
        };
        for (String[] args : cases) {
            MainTest.Run r = MainTest.cli(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
    }
}
