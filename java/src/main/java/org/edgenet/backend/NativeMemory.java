package org.edgenet.backend;

import org.bytedeco.javacpp.FloatPointer;
import org.edgenet.kernels.NativeKernels;

/** A 64-byte aligned block of native floats from en_alloc_floats, freed exactly once by {@link #close()}. */
final class NativeMemory implements AutoCloseable {
    private FloatPointer block;
    final long floats;

    NativeMemory(long floats) {
        this.floats = floats;
        this.block = NativeKernels.en_alloc_floats(floats);
        if (block == null || block.isNull()) {
            throw new OutOfMemoryError("cannot allocate " + floats * Float.BYTES + " bytes of native memory");
        }
        block.capacity(floats);
    }

    static NativeMemory of(float[] values) {
        NativeMemory m = new NativeMemory(values.length);
        m.block.put(values);
        return m;
    }

    /** A pointer to element {@code offset}; stays valid until this block is closed. */
    FloatPointer at(long offset) {
        if (offset < 0 || offset >= floats) {
            throw new IndexOutOfBoundsException("offset " + offset + " outside " + floats + " floats");
        }
        return new FloatPointer(block).position(offset);
    }

    FloatPointer base() {
        return block;
    }

    @Override
    public void close() {
        if (block != null) {
            NativeKernels.en_free(block);
            block = null;
        }
    }
}
