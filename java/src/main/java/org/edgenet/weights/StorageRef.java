package org.edgenet.weights;

/**
 * A storage named by a pickle's persistent id: a run of {@code numel} elements of one type, whose
 * bytes live elsewhere in the file (a zip record, or the data after a legacy pickle). A legacy
 * file may also name a view: a window of {@code numel} elements starting {@code rootOffset}
 * elements into a root storage.
 */
final class StorageRef {
    final String key;
    final DType dtype;
    final long numel;
    final StorageRef root;
    final long rootOffset;

    StorageRef(String key, DType dtype, long numel) {
        this(key, dtype, numel, null, 0);
    }

    StorageRef(String key, DType dtype, long numel, StorageRef root, long rootOffset) {
        this.key = key;
        this.dtype = dtype;
        this.numel = numel;
        this.root = root;
        this.rootOffset = rootOffset;
    }

    long byteSize() {
        return numel * dtype.byteSize();
    }

    @Override
    public String toString() {
        return "storage '" + key + "' (" + numel + " x " + dtype + ")";
    }
}
