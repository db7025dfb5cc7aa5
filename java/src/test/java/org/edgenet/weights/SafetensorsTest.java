package org.edgenet.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edgenet.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path dir;

    private static Map<String, WeightTensor> sample() {
        Map<String, WeightTensor> m = new LinkedHashMap<>();
        m.put("conv.weight", new WeightTensor("conv.weight", new int[] {2, 1, 1, 3},
                new float[] {1, -2, 3.5f, Float.MIN_VALUE, Float.MAX_VALUE, -0f}));
        m.put("scalar", new WeightTensor("scalar", new int[0], new float[] {42}));
        m.put("empty", new WeightTensor("empty", new int[] {0, 5}, new float[0]));
        m.put("counter", new WeightTensor("counter", new int[0], new float[] {7}, DType.I64));
        m.put("a.bias", new WeightTensor("a.bias", new int[] {3}, new float[] {Float.NaN, Float.NEGATIVE_INFINITY, 1e-3f}));
        return m;
    }

    @Test
    void roundTripKeepsOrderShapesValuesAndMetadata() throws Exception {
        Path file = dir.resolve("w.safetensors");
        SafetensorsWriter.write(file, sample(), Map.of("format", "pt", "note", "héllo \"x\""));
        StateDict back = StateDict.read(file);
        assertEquals(StateDict.Format.SAFETENSORS, back.format());
        assertEquals(List.of("conv.weight", "scalar", "empty", "counter", "a.bias"), List.copyOf(back.names()));
        assertEquals(Map.of("format", "pt", "note", "héllo \"x\""), back.metadata());
        for (WeightTensor t : sample().values()) {
            WeightTensor b = back.get(t.name());
            assertArrayEquals(t.shape(), b.shape(), t.name());
            assertArrayEquals(t.data(), b.data(), t.name());
            assertEquals(DType.F32, b.dtype(), "everything is written as F32");
        }
    }

    @Test
    void layoutIsCanonical() throws Exception {
        Path file = dir.resolve("layout.safetensors");
        SafetensorsWriter.write(file, sample(), Map.of());
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = b.getLong(0);
        assertEquals(0, headerLength % 8, "header padded to 8 bytes");
        String header = new String(b.array(), 8, (int) headerLength, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"conv.weight\":{\"dtype\":\"F32\",\"shape\":[2,1,1,3],\"data_offsets\":[0,24]}"),
                header);
        assertTrue(header.matches("(?s)\\{.*\\} *"), "only spaces after the JSON: " + header);
        Map<?, ?> parsed = (Map<?, ?>) Json.parse(header);
        assertEquals(List.of(24L, 28L), ((Map<?, ?>) parsed.get("scalar")).get("data_offsets"));
        assertEquals(8 + headerLength + 4 * (6 + 1 + 0 + 1 + 3), Files.size(file));
        assertEquals(1f, b.getFloat(8 + (int) headerLength));
    }

    @Test
    void emptyDictRoundTrips() throws Exception {
        Path file = dir.resolve("empty.safetensors");
        SafetensorsWriter.write(file, Map.of(), Map.of());
        assertEquals(16, Files.size(file));
        assertEquals(0, StateDict.read(file).size());
    }

    @Test
    void overwritesAtomicallyAndLeavesNoTemporaryFiles() throws Exception {
        Path file = dir.resolve("w.safetensors");
        Files.writeString(file, "old");
        SafetensorsWriter.write(file, sample(), Map.of());
        assertEquals(5, StateDict.read(file).size());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void refusesATensorNamedLikeTheMetadata() {
        Map<String, WeightTensor> m = Map.of("__metadata__", new WeightTensor("x", new int[0], new float[] {1}));
        assertThrows(IllegalArgumentException.class, () -> SafetensorsWriter.write(dir.resolve("x"), m, Map.of()));
    }

    @Test
    void readsEveryDtypeAndStripsDataParallel() throws Exception {
        // F16 1.5 = 0x3e00, BF16 -2 = 0xc000, I8 -3, U8 200, BOOL 1, I16 -300, I32 70000, I64 -5, F64 0.25
        ByteBuffer data = ByteBuffer.allocate(2 + 2 + 1 + 1 + 1 + 2 + 4 + 8 + 8).order(ByteOrder.LITTLE_ENDIAN);
        data.putShort((short) 0x3e00).putShort((short) 0xc000).put((byte) -3).put((byte) 200).put((byte) 1)
                .putShort((short) -300).putInt(70000).putLong(-5).putDouble(0.25);
        String[][] entries = {{"F16", "2"}, {"BF16", "2"}, {"I8", "1"}, {"U8", "1"}, {"BOOL", "1"}, {"I16", "2"},
                {"I32", "4"}, {"I64", "8"}, {"F64", "8"}};
        StringBuilder header = new StringBuilder("{");
        int offset = 0;
        for (String[] e : entries) {
            int end = offset + Integer.parseInt(e[1]);
            header.append(offset == 0 ? "" : ",").append("\"module.").append(e[0]).append("\":{\"dtype\":\"")
                    .append(e[0]).append("\",\"shape\":[1],\"data_offsets\":[").append(offset).append(',').append(end)
                    .append("]}");
            offset = end;
        }
        byte[] h = header.append('}').toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer file = ByteBuffer.allocate(8 + h.length + offset).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(h.length).put(h).put(data.array());
        Path path = Files.write(dir.resolve("dtypes.safetensors"), file.array());

        StateDict sd = StateDict.read(path);
        float[] expected = {1.5f, -2f, -3f, 200f, 1f, -300f, 70000f, -5f, 0.25f};
        for (int i = 0; i < entries.length; i++) {
            WeightTensor t = sd.get(entries[i][0]);
            assertEquals(DType.valueOf(entries[i][0]), t.dtype());
            assertEquals(expected[i], t.data()[0], entries[i][0]);
        }
    }
}
