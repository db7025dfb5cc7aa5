package org.edgenet.weights;

import static org.edgenet.weights.PthFiles.assertUnreadable;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.edgenet.util.Json;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Files written by PyTorch 1.13 itself must load with exactly the values PyTorch holds. */
class TorchFixturesTest {

    @TestFactory
    Stream<DynamicTest> everyFixtureMatchesPyTorch() throws Exception {
        Path dir = TorchFixtures.dir();
        List<?> manifest = (List<?>) Json.parse(Files.readString(dir.resolve("manifest.json")));
        List<DynamicTest> tests = new ArrayList<>();
        for (Object o : manifest) {
            Map<?, ?> entry = (Map<?, ?>) o;
            String file = (String) entry.get("file");
            String key = (String) entry.get("checkpoint_key");
            tests.add(DynamicTest.dynamicTest(file + (key == null ? "" : " [" + key + "]"), () -> {
                StateDict actual = StateDict.read(dir.resolve(file), key);
                assertEquals(StateDict.Format.valueOf((String) entry.get("format")), actual.format());
                assertEquals(dir.resolve(file) + (String) entry.get("source_suffix"), actual.source());
                assertMatchesExpected(dir.resolve((String) entry.get("expected")), actual);
            }));
        }
        return tests.stream();
    }

    /** Same names in the same order, same shapes, same original dtypes, bit-identical float32 values. */
    static void assertMatchesExpected(Path expectedFile, StateDict actual) throws Exception {
        StateDict expected = StateDict.read(expectedFile);
        Map<?, ?> dtypes = (Map<?, ?>) Json.parse(expected.metadata().get("dtypes"));
        assertEquals(new ArrayList<>(expected.names()), new ArrayList<>(actual.names()));
        for (WeightTensor e : expected) {
            WeightTensor a = actual.get(e.name());
            assertArrayEquals(e.shape(), a.shape(), e.name());
            assertEquals(dtypes.get(e.name()), a.dtype().name(), e.name());
            float[] ev = e.data();
            float[] av = a.data();
            for (int i = 0; i < ev.length; i++) {
                if (Float.floatToIntBits(ev[i]) != Float.floatToIntBits(av[i])) {
                    throw new AssertionError(e.name() + "[" + i + "]: expected " + ev[i] + " but was " + av[i]);
                }
            }
        }
    }

    @Test
    void viewsComeOutContiguous() throws Exception {
        StateDict sd = StateDict.read(TorchFixtures.dir().resolve("dtypes.pth"));
        assertArrayEquals(new float[] {0, 6, 12, 18, 1, 7, 13, 19, 2, 8, 14, 20, 3, 9, 15, 21, 4, 10, 16, 22,
                5, 11, 17, 23}, sd.get("transposed").data());
        assertArrayEquals(new float[] {8, 9, 10, 14, 15, 16}, sd.get("slice").data());
        assertArrayEquals(new float[] {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2}, sd.get("expanded").data());
        assertArrayEquals(new int[0], sd.get("scalar").shape());
        assertArrayEquals(new float[] {2.5f}, sd.get("scalar").data());
        assertArrayEquals(new int[] {0, 3}, sd.get("empty").shape());
        assertEquals(DType.I64, sd.get("num_batches_tracked").dtype());
    }

    @Test
    void mobileNetV2BindsStrictly() throws Exception {
        Path file = TorchFixtures.dir().resolve("mobilenet_v2.pth");
        StateDict sd = StateDict.read(file);
        assertEquals(314, sd.size());
        WeightBinder w = new WeightBinder(sd).ignore("num_batches_tracked");
        assertEquals(32 * 3 * 3 * 3, w.take("features.0.0.weight", 32, 3, 3, 3).length);
        assertEquals(144 * 9, w.take("features.3.conv.1.0.weight", 144, 1, 3, 3).length);
        w.take("classifier.1.weight", 1000, 1280);
        w.take("classifier.1.bias", 1000);
        WeightsMismatchException wrongShape = assertThrows(WeightsMismatchException.class,
                () -> w.take("features.0.0.weight", 16, 3, 3, 3));
        assertEquals("tensor 'features.0.0.weight' has shape [32, 3, 3, 3] in " + file + ", expected [16, 3, 3, 3]",
                wrongShape.getMessage());
        WeightsMismatchException extra = assertThrows(WeightsMismatchException.class, w::finish);
        assertTrue(extra.getMessage().startsWith("258 unused tensors in " + file + ": 'features.0.1.weight' [32], "),
                extra.getMessage());
        assertTrue(extra.getMessage().endsWith(" and 248 more"), extra.getMessage());
        for (WeightTensor t : sd) {
            w.take(t.name(), t.shape());
        }
        w.finish();
    }

    @Test
    void legacyAndZipMobileNetAgree() throws Exception {
        StateDict zip = StateDict.read(TorchFixtures.dir().resolve("mobilenet_v2.pth"));
        StateDict legacy = StateDict.read(TorchFixtures.dir().resolve("mobilenet_v2_legacy.pth"));
        assertEquals(zip.names(), legacy.names());
        for (WeightTensor t : zip) {
            assertArrayEquals(t.data(), legacy.get(t.name()).data(), t.name());
        }
    }

    @Test
    void convertToSafetensorsRoundTrips() throws Exception {
        Path dir = TorchFixtures.dir();
        StateDict sd = StateDict.read(dir.resolve("mobilenet_v2.pth"));
        Path out = dir.resolve("mobilenet_v2.converted.safetensors");
        SafetensorsWriter.write(out, sd);
        StateDict back = StateDict.read(out);
        assertEquals(StateDict.Format.SAFETENSORS, back.format());
        assertEquals(new ArrayList<>(sd.names()), new ArrayList<>(back.names()));
        for (WeightTensor t : sd) {
            assertArrayEquals(t.shape(), back.get(t.name()).shape());
            assertArrayEquals(t.data(), back.get(t.name()).data(), t.name());
        }
    }

    @Test
    void mutatedRealFilesFailCleanlyOrLoad() throws Exception {
        Path dir = TorchFixtures.dir();
        Random random = new Random(13);
        for (String name : List.of("dtypes.pth", "dtypes_legacy.pth", "dtypes_proto4.pth", "dtypes.safetensors")) {
            PthFiles.assertMutationsFailCleanly(dir.resolve(name), dir.resolve("mutated-" + name), random);
        }
    }

    @Test
    void truncatedRealFilesFailClearly() throws Exception {
        Path dir = TorchFixtures.dir();
        for (String name : List.of("mobilenet_v2.pth", "mobilenet_v2_legacy.pth", "dtypes.pth", "dtypes_legacy.pth",
                "dtypes.safetensors")) {
            byte[] full = Files.readAllBytes(dir.resolve(name));
            for (double fraction : new double[] {0.1, 0.5, 0.99}) {
                Path cut = dir.resolve("cut-" + (int) (fraction * 100) + "-" + name);
                Files.write(cut, Arrays.copyOf(full, (int) (full.length * fraction)));
                assertUnreadable(cut, "truncated", cut.toString());
            }
        }
    }
}
