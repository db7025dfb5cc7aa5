package org.edgenet.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The tensors of a weights file by name, in file order, all converted to float32.
 *
 * <p>{@link #read(Path)} recognises the format from the file's content, not its name:
 * <ul>
 *   <li>PyTorch's zip format (torch.save since 1.6): {@code <folder>/data.pkl} plus raw storages;</li>
 *   <li>PyTorch's legacy format ({@code _use_new_zipfile_serialization=False}, older checkpoints);</li>
 *   <li>safetensors.</li>
 * </ul>
 * Pickles are read by a restricted unpickler that rebuilds only containers and tensors and never
 * runs code. A checkpoint that wraps its state dict (e.g. {@code {'epoch': 3, 'state_dict': ...}})
 * is unwrapped by the rule documented on {@link #read(Path, String)}, and a {@code module.} prefix
 * on every key (from DataParallel) is removed. Entries that are not tensors are ignored.
 */
public final class StateDict implements Iterable<WeightTensor> {
    /** Where a state dict came from. */
    public enum Format { PYTORCH_ZIP, PYTORCH_LEGACY, SAFETENSORS, IN_MEMORY }

    private static final String DATA_PARALLEL_PREFIX = "module.";

    private final Map<String, WeightTensor> tensors;
    private final Map<String, String> metadata;
    private final String source;
    private final Format format;

    StateDict(Map<String, WeightTensor> tensors, Map<String, String> metadata, String source, Format format) {
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        this.source = source;
        this.format = format;
    }

    /** Reads a weights file; see {@link #read(Path, String)}. */
    public static StateDict read(Path file) throws IOException {
        return read(file, null);
    }

    /**
     * Reads a weights file.
     *
     * <p>When a .pth file holds a checkpoint rather than a bare state dict, the state dict is found
     * thus: a dict with at least one tensor value is the state dict. Otherwise, among its entries
     * whose values are dicts, the one that holds tensors (itself or up to three levels down, by the
     * same rule) is used; where several do, the first present of "state_dict", "model_state_dict",
     * "model", "module", "net", "network", "params", "weights", "state_dict_ema", "model_ema", "ema"
     * wins, and if none of those is among them the file is reported as ambiguous.
     *
     * @param checkpointKey the checkpoint entry to take the tensors from (e.g. "state_dict_ema"), or
     *     null to apply the rule above; ignored for safetensors files
     * @throws WeightsFormatException if the file is not a supported format, is damaged or truncated,
     *     or is a pickle that names anything but containers and tensors
     * @throws IOException if the file cannot be read
     */
    public static StateDict read(Path file, String checkpointKey) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            String location = "in " + file;
            if (size == 0) {
                throw new WeightsFormatException("the file is empty", location);
            }
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, 512));
            while (head.hasRemaining() && channel.read(head, head.position()) > 0) {
                // fill the probe buffer
            }
            head.flip();
            try {
                switch (detect(head, location)) {
                    case PYTORCH_ZIP:
                        return TorchZipReader.read(file, size, checkpointKey);
                    case PYTORCH_LEGACY:
                        return TorchLegacyReader.read(file, map(channel, size, location), checkpointKey);
                    default:
                        return SafetensorsReader.read(file, map(channel, size, location));
                }
            } catch (RuntimeException e) {
                // Every check should have caught a bad file earlier; if one did not, still say which file.
                throw new WeightsFormatException("unexpected failure while reading: " + e, location, e);
            }
        }
    }

    /** A state dict built in memory, e.g. by a converter or a test; {@code source} names it in messages. */
    public static StateDict of(Map<String, WeightTensor> tensors, String source) {
        return new StateDict(tensors, Map.of(), source, Format.IN_MEMORY);
    }

    /** The file (and the checkpoint entry, if one was unwrapped), for messages. */
    public String source() {
        return source;
    }

    public Format format() {
        return format;
    }

    /** A safetensors file's {@code __metadata__}; empty for other formats. */
    public Map<String, String> metadata() {
        return metadata;
    }

    public int size() {
        return tensors.size();
    }

    /** The tensor names in file order. */
    public Set<String> names() {
        return tensors.keySet();
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** The tensor called {@code name}, or null. */
    public WeightTensor get(String name) {
        return tensors.get(name);
    }

    /** All tensors by name, in file order; unmodifiable. */
    public Map<String, WeightTensor> asMap() {
        return tensors;
    }

    @Override
    public Iterator<WeightTensor> iterator() {
        return tensors.values().iterator();
    }

    @Override
    public String toString() {
        return "StateDict(" + tensors.size() + " tensors from " + source + ")";
    }

    // ---- shared by the readers ----

    /** Supplies the bytes of a storage named in a pickle, element 0 at index 0. */
    interface StorageBytes {
        ByteBuffer of(StorageRef storage) throws WeightsFormatException;
    }

    /** Builds the state dict from an unpickled .pth object, reading each tensor's values. */
    static StateDict fromPickle(Object root, String checkpointKey, StorageBytes storages, Path file, long fileSize,
            Format format) throws WeightsFormatException {
        String location = "in " + file;
        CheckpointUnwrapper.Found found = CheckpointUnwrapper.find(root, checkpointKey, location);
        Map<String, TensorRef> refs = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : found.dict.map.entrySet()) {
            if (e.getKey() instanceof String && e.getValue() instanceof TensorRef) {
                refs.put((String) e.getKey(), (TensorRef) e.getValue());
            }
        }
        ElementBudget budget = ElementBudget.forFileOfSize(fileSize);
        Map<String, WeightTensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, TensorRef> e : stripDataParallelPrefix(refs).entrySet()) {
            TensorRef ref = e.getValue();
            budget.charge(e.getKey(), ref.numel, location);
            float[] data = TensorDecoder.decode(ref, storages.of(ref.storage));
            tensors.put(e.getKey(), new WeightTensor(e.getKey(), ref.shape, data, ref.storage.dtype));
        }
        String source = found.path.isEmpty() ? file.toString() : file + " [" + found.path + "]";
        return new StateDict(tensors, Map.of(), source, format);
    }

    /** Removes "module." from every key when every key has it (a model saved inside DataParallel). */
    static <T> Map<String, T> stripDataParallelPrefix(Map<String, T> byName) {
        Map<String, T> current = byName;
        while (!current.isEmpty() && current.keySet().stream().allMatch(k -> k.startsWith(DATA_PARALLEL_PREFIX))) {
            Map<String, T> stripped = new LinkedHashMap<>();
            current.forEach((k, v) -> stripped.put(k.substring(DATA_PARALLEL_PREFIX.length()), v));
            current = stripped;
        }
        return current;
    }

    private static Format detect(ByteBuffer head, String location) throws WeightsFormatException {
        int n = head.remaining();
        int b0 = n > 0 ? head.get(0) & 0xff : -1;
        int b1 = n > 1 ? head.get(1) & 0xff : -1;
        if (n >= 4 && b0 == 'P' && b1 == 'K' && ((head.get(2) == 3 && head.get(3) == 4)
                || (head.get(2) == 5 && head.get(3) == 6))) {
            return Format.PYTORCH_ZIP;
        }
        if (b0 == 0x80 && b1 >= 2 && b1 <= RestrictedUnpickler.MAX_PROTOCOL) {
            return Format.PYTORCH_LEGACY; // a pickle (PROTO opcode) at the start
        }
        if (n > 8 && head.get(8) == '{') {
            return Format.SAFETENSORS; // 8-byte header length, then the JSON header
        }
        if (n >= 262 && "ustar".equals(new String(new byte[] {head.get(257), head.get(258), head.get(259),
                head.get(260), head.get(261)}, java.nio.charset.StandardCharsets.US_ASCII))) {
            throw new WeightsFormatException("this is a tar-based file from PyTorch before 0.4, which is not"
                    + " supported; load it in Python and torch.save it again", location);
        }
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < Math.min(n, 8); i++) {
            first.append(String.format(" %02x", head.get(i) & 0xff));
        }
        throw new WeightsFormatException("unrecognised format: not a PyTorch zip archive, a legacy PyTorch pickle"
                + " or a safetensors file (first bytes:" + first + ")", location);
    }

    private static ByteBuffer map(FileChannel channel, long size, String location) throws IOException {
        if (size > Integer.MAX_VALUE) {
            throw new WeightsFormatException("files over 2 GiB are not supported (" + size + " bytes)", location);
        }
        return channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
    }
}
