package org.edgenet.weights;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Python values the restricted unpickler builds. Scalars map to Java types (None to null, bool
 * to Boolean, int to Long or BigInteger, float to Double, str to String); containers are the classes
 * below. Each container knows its nesting depth so that a hostile pickle cannot build a structure
 * deep enough to overflow the Java stack of whoever walks it later.
 */
final class PyObjects {
    private PyObjects() {}

    /** Nesting depth of a value: 0 for scalars, tensors and storages. */
    static int depthOf(Object o) {
        if (o instanceof PyTuple) {
            return ((PyTuple) o).depth;
        }
        if (o instanceof PyList) {
            return ((PyList) o).depth;
        }
        if (o instanceof PyDict) {
            return ((PyDict) o).depth;
        }
        return 0;
    }

    /** Python's name for a value's type, for messages. */
    static String typeName(Object o) {
        if (o == null) return "None";
        if (o instanceof Boolean) return "bool";
        if (o instanceof Long || o instanceof java.math.BigInteger) return "int";
        if (o instanceof Double) return "float";
        if (o instanceof String) return "str";
        if (o instanceof PyBytes) return "bytes";
        if (o instanceof PyTuple) return "tuple";
        if (o instanceof PyList) return "list";
        if (o instanceof PyDict) return "dict";
        if (o instanceof TensorRef) return "tensor";
        if (o instanceof StorageRef) return "storage";
        if (o instanceof TorchGlobal) return "global " + ((TorchGlobal) o).qualifiedName();
        return o.getClass().getSimpleName();
    }

    /** The type with an article, for messages: "an int", "a list", "None". */
    static String aTypeName(Object o) {
        String name = typeName(o);
        if (o == null || o instanceof TorchGlobal) {
            return name.startsWith("global") ? "the " + name : name;
        }
        return ("aeiou".indexOf(name.charAt(0)) >= 0 ? "an " : "a ") + name;
    }

    /** A Python value usable as a dict key (Python would raise TypeError for the others). */
    static boolean isHashable(Object o) {
        if (o == null || o instanceof String || o instanceof Long || o instanceof Boolean
                || o instanceof Double || o instanceof java.math.BigInteger || o instanceof PyBytes) {
            return true;
        }
        if (o instanceof PyTuple) {
            for (Object item : ((PyTuple) o).items) {
                if (!isHashable(item)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** An immutable tuple; also used for frozensets. */
    static final class PyTuple {
        final List<Object> items;
        final int depth;

        PyTuple(List<Object> items) {
            this.items = Collections.unmodifiableList(new ArrayList<>(items));
            int d = 0;
            for (Object item : items) {
                d = Math.max(d, depthOf(item));
            }
            this.depth = d + 1;
        }

        int size() {
            return items.size();
        }

        Object get(int i) {
            return items.get(i);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PyTuple && items.equals(((PyTuple) o).items);
        }

        @Override
        public int hashCode() {
            return items.hashCode();
        }
    }

    /** A list; also used for sets, whose set semantics nothing here needs. */
    static final class PyList {
        final List<Object> items = new ArrayList<>();
        int depth = 1;

        void add(Object item) {
            items.add(item);
            depth = Math.max(depth, depthOf(item) + 1);
        }
    }

    /** A dict or OrderedDict, in insertion order. */
    static final class PyDict {
        final Map<Object, Object> map = new LinkedHashMap<>();
        int depth = 1;

        void put(Object key, Object value) {
            map.put(key, value);
            depth = Math.max(depth, Math.max(depthOf(key), depthOf(value)) + 1);
        }
    }

    /** bytes or bytearray. */
    static final class PyBytes {
        final byte[] bytes;

        PyBytes(byte[] bytes) {
            this.bytes = bytes;
        }

        /** Python 2 pickles store some str values as bytes; torch decodes those as ASCII. */
        String asAscii() {
            return new String(bytes, StandardCharsets.US_ASCII);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PyBytes && Arrays.equals(bytes, ((PyBytes) o).bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }
}
