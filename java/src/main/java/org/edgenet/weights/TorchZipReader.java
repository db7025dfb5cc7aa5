package org.edgenet.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads PyTorch's zip format: {@code <folder>/data.pkl} (the pickled object, whose persistent ids
 * are {@code ('storage', storage_type, key, location, numel)}), {@code <folder>/data/<key>} (each
 * storage's raw little-endian bytes), and optionally {@code <folder>/byteorder}. The folder may
 * have any name. torch.save stores records uncompressed; deflated ones are read too.
 */
final class TorchZipReader {
    /** Deflate cannot expand data more than about 1032:1; a record claiming more is lying. */
    private static final long MAX_DEFLATE_RATIO = 1032;

    private final Path file;
    private final long fileSize;
    private final ZipFile zip;
    private final String prefix;
    private final Map<String, StorageRef> storages = new HashMap<>();
    private final Map<StorageRef, ByteBuffer> loaded = new HashMap<>();

    private TorchZipReader(Path file, long fileSize, ZipFile zip, String prefix) {
        this.file = file;
        this.fileSize = fileSize;
        this.zip = zip;
        this.prefix = prefix;
    }

    static StateDict read(Path file, long fileSize, String checkpointKey) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (IOException e) {
            throw new WeightsFormatException("not a readable zip archive (truncated or damaged?): " + e.getMessage(),
                    "in " + file, e);
        }
        try (zip) {
            TorchZipReader reader = new TorchZipReader(file, fileSize, zip, findPrefix(zip, file));
            return reader.read(checkpointKey);
        } catch (WeightsFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // ZipFile reports damaged records as ZipException, EOFException or, rarely, unchecked.
            throw new WeightsFormatException("damaged zip archive: " + e, "in " + file, e);
        }
    }

    private StateDict read(String checkpointKey) throws IOException {
        checkByteOrder();
        String pickleName = prefix + "data.pkl";
        ByteBuffer pickle = ByteBuffer.wrap(readRecord(pickleName, -1));
        Object root = new RestrictedUnpickler(pickle, 0, pickleName + " in " + file, this::storage).load();
        return StateDict.fromPickle(root, checkpointKey, this::bytesOf, file, fileSize, StateDict.Format.PYTORCH_ZIP);
    }

    /** The single top-level folder holding data.pkl. */
    private static String findPrefix(ZipFile zip, Path file) throws WeightsFormatException {
        List<String> prefixes = new ArrayList<>();
        boolean torchScript = false;
        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
            String name = e.nextElement().getName();
            int slash = name.indexOf('/');
            if (slash > 0 && name.indexOf('/', slash + 1) < 0 && name.endsWith("/data.pkl")) {
                prefixes.add(name.substring(0, slash + 1));
            }
            torchScript |= slash > 0 && (name.endsWith("/constants.pkl") || name.startsWith("code/", slash + 1));
        }
        String location = "in " + file;
        if (torchScript) {
            throw new WeightsFormatException("this is a TorchScript archive (torch.jit.save), which holds code;"
                    + " load it in Python and torch.save(model.state_dict()) instead", location);
        }
        if (prefixes.isEmpty()) {
            throw new WeightsFormatException("the zip archive has no <folder>/data.pkl record, so it is not a"
                    + " torch.save file", location);
        }
        if (prefixes.size() > 1) {
            throw new WeightsFormatException("the zip archive has several data.pkl records, in " + prefixes, location);
        }
        return prefixes.get(0);
    }

    private void checkByteOrder() throws IOException {
        String name = prefix + "byteorder";
        if (zip.getEntry(name) == null) {
            return; // files before PyTorch 2.1 have none and are little-endian
        }
        String order = new String(readRecord(name, 16), StandardCharsets.US_ASCII).trim();
        if (order.equals("big")) {
            throw new WeightsFormatException("the storages are big-endian (byteorder record says 'big');"
                    + " only little-endian files are supported", "in " + file);
        }
        if (!order.equals("little")) {
            throw new WeightsFormatException("unknown byteorder '" + order + "'", "in " + file);
        }
    }

    /** The persistent-id rule of the zip format. */
    private StorageRef storage(Object pid) throws InvalidPickleException {
        PyObjects.PyTuple t = PersistentIds.storageTuple(pid, 5, "('storage', type, key, location, numel)");
        DType type = PersistentIds.storageType(t.get(1));
        String key = PersistentIds.key(t.get(2));
        long numel = PersistentIds.numel(t.get(4));
        StorageRef known = storages.get(key);
        if (known != null) {
            if (known.dtype != type || known.numel != numel) {
                throw new InvalidPickleException("storage '" + key + "' is named both as " + known.numel + " x "
                        + known.dtype + " and as " + numel + " x " + type);
            }
            return known;
        }
        String name = prefix + "data/" + key;
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new InvalidPickleException("storage '" + key + "' has no record " + name);
        }
        long needed = PersistentIds.byteSize(numel, type, key);
        if (entry.getSize() < needed) {
            throw new InvalidPickleException("storage '" + key + "' needs " + needed + " bytes (" + numel + " x "
                    + type + ") but its record " + name + " holds " + entry.getSize());
        }
        StorageRef ref = new StorageRef(key, type, numel);
        storages.put(key, ref);
        return ref;
    }

    private ByteBuffer bytesOf(StorageRef ref) throws WeightsFormatException {
        ByteBuffer bytes = loaded.get(ref);
        if (bytes == null) {
            try {
                bytes = ByteBuffer.wrap(readRecord(prefix + "data/" + ref.key, -1), 0, (int) ref.byteSize())
                        .slice().order(ByteOrder.LITTLE_ENDIAN);
            } catch (WeightsFormatException e) {
                throw e;
            } catch (IOException e) {
                throw new WeightsFormatException("cannot read storage '" + ref.key + "': " + e, "in " + file, e);
            }
            loaded.put(ref, bytes);
        }
        return bytes;
    }

    /**
     * A record's bytes. Its declared size is checked against what the archive can really hold before
     * anything is allocated, and the data must then match that size.
     */
    private byte[] readRecord(String name, int maxSize) throws IOException {
        String location = "in " + file;
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new WeightsFormatException("the zip archive has no record " + name, location);
        }
        long size = entry.getSize();
        long compressed = entry.getCompressedSize();
        long plausible = entry.getMethod() == ZipEntry.STORED ? fileSize : Math.min(
                compressed < 0 ? 0 : compressed * MAX_DEFLATE_RATIO + 64, Integer.MAX_VALUE - 8L);
        if (size < 0 || size > plausible || size > Integer.MAX_VALUE - 8L || (maxSize >= 0 && size > maxSize)) {
            throw new WeightsFormatException("record " + name + " claims an implausible size of " + size + " bytes"
                    + " in a " + fileSize + "-byte file", location);
        }
        byte[] data = new byte[(int) size];
        try (InputStream in = zip.getInputStream(entry)) {
            int n = in.readNBytes(data, 0, data.length);
            if (n != data.length || in.read() >= 0) {
                throw new WeightsFormatException("record " + name + " holds " + (n != data.length ? n : "more than "
                        + size) + " bytes but its zip entry says " + size + " (damaged archive?)", location);
            }
        }
        return data;
    }
}
