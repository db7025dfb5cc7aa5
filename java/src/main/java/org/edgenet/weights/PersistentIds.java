package org.edgenet.weights;

/**
 * Checks the parts of torch's storage persistent ids, which both .pth formats share:
 * {@code ('storage', storage_type, key, location, numel, ...)}. The location ("cpu", "cuda:0") is
 * not checked: this loader always reads to the CPU.
 */
final class PersistentIds {
    private PersistentIds() {}

    /** The id as a tuple of {@code size} items whose first is 'storage'. */
    static PyObjects.PyTuple storageTuple(Object pid, int size, String shape) throws InvalidPickleException {
        if (!(pid instanceof PyObjects.PyTuple) || ((PyObjects.PyTuple) pid).size() == 0) {
            throw new InvalidPickleException("persistent id must be a tuple " + shape + ", got "
                    + PyObjects.typeName(pid));
        }
        PyObjects.PyTuple t = (PyObjects.PyTuple) pid;
        Object kind = text(t.get(0));
        if (!"storage".equals(kind)) {
            throw new InvalidPickleException("unsupported persistent id kind " + (kind == null
                    ? PyObjects.typeName(t.get(0)) : "'" + kind + "'") + "; only 'storage' is");
        }
        if (t.size() != size) {
            throw new InvalidPickleException("storage persistent id has " + t.size() + " items, expected " + shape);
        }
        return t;
    }

    static DType storageType(Object o) throws InvalidPickleException {
        if (o instanceof TorchGlobal && ((TorchGlobal) o).storageType() != null) {
            return ((TorchGlobal) o).storageType();
        }
        throw new InvalidPickleException("storage type must be one of torch's storage classes, got "
                + PyObjects.typeName(o));
    }

    static String key(Object o) throws InvalidPickleException {
        String key = text(o);
        if (key == null || key.isEmpty()) {
            throw new InvalidPickleException("storage key must be a non-empty string, got " + PyObjects.typeName(o));
        }
        return key;
    }

    static long numel(Object o) throws InvalidPickleException {
        if (!(o instanceof Long) || (Long) o < 0) {
            throw new InvalidPickleException("storage size must be a non-negative int, got "
                    + (o instanceof Long || o instanceof java.math.BigInteger ? o : PyObjects.typeName(o)));
        }
        return (Long) o;
    }

    /** numel * element size, refusing anything that would not fit a Java array. */
    static long byteSize(long numel, DType type, String key) throws InvalidPickleException {
        if (numel > (Integer.MAX_VALUE - 8L) / type.byteSize()) {
            throw new InvalidPickleException("storage '" + key + "' of " + numel + " x " + type
                    + " is larger than 2 GiB, which is not supported");
        }
        return numel * type.byteSize();
    }

    /** A str, or bytes from a Python 2 pickle; null for anything else. */
    private static String text(Object o) {
        if (o instanceof String) {
            return (String) o;
        }
        return o instanceof PyObjects.PyBytes ? ((PyObjects.PyBytes) o).asAscii() : null;
    }
}
