package org.edgenet.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edgenet.util.Json;

/**
 * Reads safetensors: an unsigned 64-bit little-endian header length N, N bytes of JSON
 * {@code {name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {str: str}}},
 * then the data section; offsets are relative to its start. Every size is checked against the
 * file before it is used.
 */
final class SafetensorsReader {
    /** The reference implementation refuses headers over 100 MB too. */
    static final long MAX_HEADER_BYTES = 100L << 20;
    static final String METADATA_KEY = "__metadata__";

    private SafetensorsReader() {}

    static StateDict read(Path file, ByteBuffer mapped) throws WeightsFormatException {
        String location = "in " + file;
        ByteBuffer buf = mapped.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long size = buf.limit();
        if (size < 8) {
            throw new WeightsFormatException("a " + size + "-byte file is too short for a safetensors header", location);
        }
        long headerLength = buf.getLong(0);
        if (headerLength < 0 || headerLength > size - 8) {
            throw new WeightsFormatException("safetensors header length " + Long.toUnsignedString(headerLength)
                    + " is larger than the " + (size - 8) + " bytes that follow it (file truncated?)", location);
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw new WeightsFormatException("safetensors header of " + headerLength + " bytes is over the "
                    + MAX_HEADER_BYTES + "-byte limit", location);
        }
        Map<?, ?> header = parseHeader(buf.slice(8, (int) headerLength), location);
        int dataStart = 8 + (int) headerLength;
        long dataLength = size - dataStart;
        ByteBuffer data = buf.slice(dataStart, (int) dataLength).order(ByteOrder.LITTLE_ENDIAN);

        Map<String, String> metadata = metadata(header.get(METADATA_KEY), location);
        ElementBudget budget = ElementBudget.forFileOfSize(size);
        Map<String, WeightTensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : header.entrySet()) {
            String name = (String) e.getKey();
            if (!name.equals(METADATA_KEY)) {
                TensorInfo info = TensorInfo.of(name, e.getValue(), dataLength, location);
                budget.charge(name, info.numel, location);
                float[] values = TensorDecoder.decodeContiguous(data.slice((int) info.begin, (int) (info.end - info.begin)),
                        info.dtype, 0, info.numel);
                tensors.put(name, new WeightTensor(name, info.shape, values, info.dtype));
            }
        }
        return new StateDict(StateDict.stripDataParallelPrefix(tensors), metadata, file.toString(),
                StateDict.Format.SAFETENSORS);
    }

    private static Map<?, ?> parseHeader(ByteBuffer bytes, String location) throws WeightsFormatException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new WeightsFormatException("safetensors header is not valid UTF-8", location);
        }
        Object parsed;
        try {
            parsed = Json.parse(text, 16);
        } catch (Json.JsonException e) {
            throw new WeightsFormatException("safetensors header is not valid JSON: " + e.getMessage(), location);
        }
        if (!(parsed instanceof Map)) {
            throw new WeightsFormatException("safetensors header is JSON but not an object", location);
        }
        return (Map<?, ?>) parsed;
    }

    private static Map<String, String> metadata(Object value, String location) throws WeightsFormatException {
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null) {
            return out;
        }
        if (!(value instanceof Map)) {
            throw new WeightsFormatException("safetensors __metadata__ must be an object of strings", location);
        }
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
            if (!(e.getValue() instanceof String)) {
                throw new WeightsFormatException("safetensors __metadata__ entry '" + e.getKey()
                        + "' is not a string", location);
            }
            out.put((String) e.getKey(), (String) e.getValue());
        }
        return out;
    }

    /** One header entry, validated against the data section. */
    private static final class TensorInfo {
        DType dtype;
        int[] shape;
        int numel;
        long begin;
        long end;

        static TensorInfo of(String name, Object value, long dataLength, String location)
                throws WeightsFormatException {
            String prefix = "safetensors tensor '" + name + "' ";
            if (!(value instanceof Map)) {
                throw new WeightsFormatException(prefix + "is described by a JSON " + kind(value)
                        + ", not an object", location);
            }
            Map<?, ?> m = (Map<?, ?>) value;
            TensorInfo info = new TensorInfo();
            Object dtype = m.get("dtype");
            info.dtype = dtype instanceof String ? DType.fromSafetensorsName((String) dtype) : null;
            if (info.dtype == null) {
                throw new WeightsFormatException(prefix + "has dtype " + (dtype instanceof String ? "'" + dtype + "'"
                        : kind(dtype)) + ", which is not supported (supported: "
                        + Arrays.toString(DType.values()) + ")", location);
            }
            List<?> shape = list(m.get("shape"), -1, prefix + "needs a shape array of ints", location);
            info.shape = new int[shape.size()];
            long numel = 1;
            for (int i = 0; i < shape.size(); i++) {
                Object d = shape.get(i);
                if (!(d instanceof Long) || (Long) d < 0 || (Long) d > TensorRef.MAX_NUMEL
                        || (numel > 0 && (Long) d > TensorRef.MAX_NUMEL / numel)) {
                    throw new WeightsFormatException(prefix + "has an invalid or too large shape " + shape, location);
                }
                info.shape[i] = (int) (long) (Long) d;
                numel *= (Long) d;
            }
            info.numel = (int) numel;
            List<?> offsets = list(m.get("data_offsets"), 2, prefix + "needs data_offsets [begin, end]", location);
            if (!(offsets.get(0) instanceof Long) || !(offsets.get(1) instanceof Long)) {
                throw new WeightsFormatException(prefix + "needs integer data_offsets, got " + offsets, location);
            }
            info.begin = (Long) offsets.get(0);
            info.end = (Long) offsets.get(1);
            if (info.begin < 0 || info.end < info.begin) {
                throw new WeightsFormatException(prefix + "has invalid data_offsets " + offsets, location);
            }
            if (info.end > dataLength) {
                throw new WeightsFormatException(prefix + "has data_offsets " + offsets + " past the end of the "
                        + dataLength + "-byte data section (file truncated?)", location);
            }
            long needed = numel * info.dtype.byteSize();
            if (info.end - info.begin != needed) {
                throw new WeightsFormatException(prefix + "of shape " + shape + " and dtype " + info.dtype
                        + " needs " + needed + " bytes but its data_offsets " + offsets + " span "
                        + (info.end - info.begin), location);
            }
            return info;
        }

        private static List<?> list(Object o, int size, String problem, String location)
                throws WeightsFormatException {
            if (!(o instanceof List) || (size >= 0 && ((List<?>) o).size() != size)) {
                throw new WeightsFormatException(problem + ", got " + (o == null ? "nothing" : Json.write(o)), location);
            }
            return (List<?>) o;
        }

        private static String kind(Object o) {
            return o == null ? "null" : o instanceof Map ? "object" : o instanceof List ? "array"
                    : o instanceof String ? "string" : o instanceof Boolean ? "boolean" : "number";
        }
    }
}
