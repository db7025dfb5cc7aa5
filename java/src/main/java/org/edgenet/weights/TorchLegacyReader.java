package org.edgenet.weights;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads PyTorch's legacy format ({@code torch.save(..., _use_new_zipfile_serialization=False)}),
 * which is a run of pickles followed by raw data:
 * <ol>
 *   <li>the magic number 0x1950a86a20f9469cfc6c, the protocol version 1001, and a sys_info dict;</li>
 *   <li>the object, whose persistent ids are {@code ('storage', storage_type, root_key, location,
 *       numel, view_metadata)}, view_metadata being None or {@code (view_key, offset, size)};</li>
 *   <li>the list of root storage keys, then for each key an int64 element count and the elements.</li>
 * </ol>
 */
final class TorchLegacyReader {
    static final BigInteger MAGIC_NUMBER = new BigInteger("1950a86a20f9469cfc6c", 16);
    static final long PROTOCOL_VERSION = 1001;

    private final Path file;
    private final ByteBuffer buf;
    private final Map<String, StorageRef> roots = new HashMap<>();
    private final Map<String, StorageRef> views = new HashMap<>();
    private final Map<String, ByteBuffer> rootBytes = new HashMap<>();

    private TorchLegacyReader(Path file, ByteBuffer buf) {
        this.file = file;
        this.buf = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    static StateDict read(Path file, ByteBuffer buf, String checkpointKey) throws WeightsFormatException {
        return new TorchLegacyReader(file, buf).read(checkpointKey);
    }

    private StateDict read(String checkpointKey) throws WeightsFormatException {
        String where = file.toString();
        RestrictedUnpickler header = new RestrictedUnpickler(buf, 0, where, null);
        Object magic = header.load();
        if (!MAGIC_NUMBER.equals(magic instanceof Long ? BigInteger.valueOf((Long) magic) : magic)) {
            throw fail("the file starts with a pickle but not with torch's magic number, so it is not a"
                    + " torch.save file", 0);
        }
        int at = header.position();
        Object version = header.load();
        if (!Long.valueOf(PROTOCOL_VERSION).equals(version)) {
            throw fail("unsupported legacy protocol version " + version + " (expected " + PROTOCOL_VERSION + ")", at);
        }
        at = header.position();
        Object sysInfo = header.load();
        if (sysInfo instanceof PyObjects.PyDict
                && Boolean.FALSE.equals(((PyObjects.PyDict) sysInfo).map.get("little_endian"))) {
            throw fail("the file was saved on a big-endian machine; only little-endian files are supported", at);
        }

        RestrictedUnpickler body = new RestrictedUnpickler(buf, header.position(), where, this::storage);
        Object root = body.load();
        at = body.position();
        RestrictedUnpickler keyList = new RestrictedUnpickler(buf, at, where, null);
        Object keys = keyList.load();
        if (!(keys instanceof PyObjects.PyList)) {
            throw fail("expected the list of storage keys after the object, got " + PyObjects.typeName(keys), at);
        }
        readStorageData((PyObjects.PyList) keys, keyList.position());
        return StateDict.fromPickle(root, checkpointKey, this::bytesOf, file, buf.limit(),
                StateDict.Format.PYTORCH_LEGACY);
    }

    /** After the key list: for each key, an int64 element count and then the raw elements. */
    private void readStorageData(PyObjects.PyList keys, int start) throws WeightsFormatException {
        int pos = start;
        for (Object k : keys.items) {
            if (!(k instanceof String)) {
                throw fail("storage key list holds " + PyObjects.aTypeName(k) + " instead of a str", start);
            }
            String key = (String) k;
            StorageRef ref = roots.get(key);
            if (ref == null) {
                throw fail("storage key list names '" + key + "', which the pickled object never used", start);
            }
            if (rootBytes.containsKey(key)) {
                throw fail("storage key list names '" + key + "' twice", start);
            }
            if (buf.limit() - pos < 8) {
                throw fail("the file ends before storage '" + key + "' (file truncated?)", pos);
            }
            long numel = buf.getLong(pos);
            if (numel != ref.numel) {
                throw fail("storage '" + key + "' has " + numel + " elements in the data but " + ref.numel
                        + " in the pickle", pos);
            }
            long bytes = ref.byteSize();
            if (bytes > buf.limit() - pos - 8L) {
                throw fail("storage '" + key + "' needs " + bytes + " bytes but only " + (buf.limit() - pos - 8L)
                        + " remain (file truncated?)", pos);
            }
            rootBytes.put(key, buf.slice(pos + 8, (int) bytes).order(ByteOrder.LITTLE_ENDIAN));
            pos += 8 + (int) bytes;
        }
    }

    /** The persistent-id rule of the legacy format. */
    private StorageRef storage(Object pid) throws InvalidPickleException {
        PyObjects.PyTuple t = PersistentIds.storageTuple(pid, 6,
                "('storage', type, root_key, location, numel, view_metadata)");
        DType type = PersistentIds.storageType(t.get(1));
        String key = PersistentIds.key(t.get(2));
        long numel = PersistentIds.numel(t.get(4));
        PersistentIds.byteSize(numel, type, key);
        StorageRef root = roots.get(key);
        if (root == null) {
            root = new StorageRef(key, type, numel);
            roots.put(key, root);
        } else if (root.dtype != type || root.numel != numel) {
            throw new InvalidPickleException("storage '" + key + "' is named both as " + root.numel + " x "
                    + root.dtype + " and as " + numel + " x " + type);
        }
        Object viewMetadata = t.get(5);
        if (viewMetadata == null) {
            return root;
        }
        // Pickles from PyTorch before 1.0 may name a window into a root storage.
        if (!(viewMetadata instanceof PyObjects.PyTuple) || ((PyObjects.PyTuple) viewMetadata).size() != 3) {
            throw new InvalidPickleException("storage view metadata must be (view_key, offset, size), got "
                    + PyObjects.typeName(viewMetadata));
        }
        PyObjects.PyTuple v = (PyObjects.PyTuple) viewMetadata;
        String viewKey = PersistentIds.key(v.get(0));
        long offset = PersistentIds.numel(v.get(1));
        long size = PersistentIds.numel(v.get(2));
        if (offset > root.numel || size > root.numel - offset) {
            throw new InvalidPickleException("storage view '" + viewKey + "' covers elements " + offset + " to "
                    + (offset + size) + " of " + root + ", which has only " + root.numel);
        }
        StorageRef view = views.get(viewKey);
        if (view == null) {
            view = new StorageRef(viewKey, type, size, root, offset);
            views.put(viewKey, view);
        } else if (view.root != root || view.rootOffset != offset || view.numel != size) {
            throw new InvalidPickleException("storage view '" + viewKey + "' is named with different windows");
        }
        return view;
    }

    private ByteBuffer bytesOf(StorageRef ref) throws WeightsFormatException {
        StorageRef root = ref.root == null ? ref : ref.root;
        ByteBuffer bytes = rootBytes.get(root.key);
        if (bytes == null) {
            throw new WeightsFormatException("storage '" + root.key + "' is used by a tensor but has no data",
                    "in " + file);
        }
        if (ref.root == null) {
            return bytes;
        }
        int size = ref.dtype.byteSize();
        return bytes.slice((int) (ref.rootOffset * size), (int) (ref.numel * size)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private WeightsFormatException fail(String problem, int at) {
        return new WeightsFormatException(problem, "at byte " + at + " of " + file);
    }
}
