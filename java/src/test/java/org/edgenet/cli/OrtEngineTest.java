package org.edgenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.edgenet.io.Npy;
import org.edgenet.io.NpyArray;
import org.edgenet.testing.Python;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ONNX Runtime on a network models/export_onnx.py wrote agrees with PyTorch, at 1 and 2 threads. */
class OrtEngineTest {
    private static ExportedModels.Model model;

    @BeforeAll
    static void export() throws Exception {
        Path dir = Python.workDir("ort-export");
        Python.run("export_onnx.py", dir.toString(), "--arch", "mobilenet_v3_small");
        model = ExportedModels.open(dir).require(List.of("mobilenet_v3_small_x1_0")).get(0);
    }

    @Test
    void matchesPyTorch() throws Exception {
        NpyArray input = Npy.read(model.input());
        float[] reference = Npy.read(model.logits()).data();
        for (int threads : new int[] {1, 2}) {
            try (OrtEngine ort = new OrtEngine(model.onnx(), threads)) {
                ort.input(input.data(), 1, 3, 224, 224);
                float[] first = ort.run();
                assertEquals(1000, first.length);
                assertTrue(LogitParity.check(reference, first, "ORT, " + threads + " threads") <= 1);
                LogitParity.check(reference, ort.run(), "ORT again, " + threads + " threads");  // the input stays
            }
        }
        assertTrue(OrtEngine.version().matches("\\d+\\.\\d+\\.\\d+.*"), OrtEngine.version());
    }

    @Test
    void badUseIsAClearException() {
        assertThrows(IllegalArgumentException.class, () -> new OrtEngine(model.onnx().resolveSibling("nope.onnx"), 1));
        try (OrtEngine ort = new OrtEngine(model.onnx(), 1)) {
            assertThrows(IllegalStateException.class, ort::run);
            assertThrows(IllegalArgumentException.class, () -> ort.input(new float[10], 1, 3, 224, 224));
            ort.input(new float[3 * 100 * 100], 1, 3, 100, 100);  // the export is fixed at 224x224
            assertThrows(IllegalStateException.class, ort::run);
        }
    }

    @Test
    void parityCheckRefusesADisagreeingEngine() {
        float[] ref = new float[1000], off = new float[1000];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = off[i] = (float) Math.sin(i);
        }
        off[7] += 1e-3f;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LogitParity.check(ref, off, "X"));
        assertTrue(e.getMessage().contains("X disagrees with PyTorch"), e.getMessage());
        assertEquals(0.0, LogitParity.check(ref, ref.clone(), "X"));
    }
}
