package org.edgenet.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edgenet.util.Json;

/**
 * Writes tensors as canonical float32 safetensors: the 8-byte header length, a JSON header in the
 * tensors' order (with {@code __metadata__} first when given) padded with spaces to a multiple of
 * 8 bytes so that the data stays aligned, then each tensor's little-endian floats back to back.
 * The file is written beside the target and moved into place, so a failed write leaves no partial
 * file under the target's name.
 */
public final class SafetensorsWriter {
    private SafetensorsWriter() {}

    /** Writes a state dict's tensors and its metadata. */
    public static void write(Path file, StateDict dict) throws IOException {
        write(file, dict.asMap(), dict.metadata());
    }

    /**
     * @param tensors by name, written in iteration order (each is written as F32 whatever its
     *     original dtype)
     * @param metadata free-form strings stored as {@code __metadata__}; may be empty
     * @throws IllegalArgumentException if a tensor is named "__metadata__"
     */
    public static void write(Path file, Map<String, WeightTensor> tensors, Map<String, String> metadata)
            throws IOException {
        byte[] header = header(tensors, metadata);
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
                writeFully(out, length);
                writeFully(out, ByteBuffer.wrap(header));
                ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
                for (WeightTensor t : tensors.values()) {
                    for (float v : t.data()) {
                        if (!chunk.hasRemaining()) {
                            writeFully(out, chunk.flip());
                            chunk.clear();
                        }
                        chunk.putFloat(v);
                    }
                }
                writeFully(out, chunk.flip());
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The JSON header, space-padded to a multiple of 8 bytes. */
    static byte[] header(Map<String, WeightTensor> tensors, Map<String, String> metadata) {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            header.put(SafetensorsReader.METADATA_KEY, new LinkedHashMap<>(metadata));
        }
        long offset = 0;
        for (Map.Entry<String, WeightTensor> e : tensors.entrySet()) {
            if (e.getKey().equals(SafetensorsReader.METADATA_KEY)) {
                throw new IllegalArgumentException("a tensor may not be named " + SafetensorsReader.METADATA_KEY);
            }
            WeightTensor t = e.getValue();
            long end = offset + 4L * t.numel();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", DType.F32.name());
            info.put("shape", t.shape());
            info.put("data_offsets", List.of(offset, end));
            header.put(e.getKey(), info);
            offset = end;
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = new byte[padded];
        System.arraycopy(json, 0, out, 0, json.length);
        for (int i = json.length; i < padded; i++) {
            out[i] = ' ';
        }
        return out;
    }

    private static void writeFully(FileChannel out, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            out.write(b);
        }
    }
}
