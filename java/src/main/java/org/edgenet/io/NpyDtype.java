package org.edgenet.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/** The numeric .npy element types this library reads, each converted to float32 as numpy's astype would. */
enum NpyDtype {
    FLOAT16('f', 2) {
        @Override
        float get(ByteBuffer b) {
            return halfToFloat(b.getShort());
        }
    },
    FLOAT32('f', 4) {
        @Override
        float get(ByteBuffer b) {
            return b.getFloat();
        }
    },
    FLOAT64('f', 8) {
        @Override
        float get(ByteBuffer b) {
            return (float) b.getDouble();
        }
    },
    INT8('i', 1) {
        @Override
        float get(ByteBuffer b) {
            return b.get();
        }
    },
    INT16('i', 2) {
        @Override
        float get(ByteBuffer b) {
            return b.getShort();
        }
    },
    INT32('i', 4) {
        @Override
        float get(ByteBuffer b) {
            return b.getInt();
        }
    },
    INT64('i', 8) {
        @Override
        float get(ByteBuffer b) {
            return b.getLong();
        }
    },
    UINT8('u', 1) {
        @Override
        float get(ByteBuffer b) {
            return b.get() & 0xff;
        }
    },
    UINT16('u', 2) {
        @Override
        float get(ByteBuffer b) {
            return b.getShort() & 0xffff;
        }
    },
    BOOL('b', 1) {
        @Override
        float get(ByteBuffer b) {
            return b.get() != 0 ? 1f : 0f;
        }
    };

    private final char kind;
    private final int itemSize;

    NpyDtype(char kind, int itemSize) {
        this.kind = kind;
        this.itemSize = itemSize;
    }

    int itemSize() {
        return itemSize;
    }

    /** Reads one element at the buffer's position, in the buffer's byte order. */
    abstract float get(ByteBuffer b);

    /** A parsed descr such as {@code '<f4'}: the type and the byte order of its data. */
    record Descr(NpyDtype dtype, ByteOrder order) {}

    /**
     * Parses a numpy type string; null when it is not one of the supported numeric types
     * (complex, object, strings, datetimes and structured types are not).
     */
    static Descr parse(String descr) {
        if (descr.length() < 3) {
            return null;
        }
        char endian = descr.charAt(0);
        char kind = descr.charAt(1);
        int size;
        try {
            size = Integer.parseInt(descr.substring(2));
        } catch (NumberFormatException e) {
            return null;
        }
        for (NpyDtype t : values()) {
            if (t.kind == kind && t.itemSize == size) {
                ByteOrder order;
                switch (endian) {
                    case '<' -> order = ByteOrder.LITTLE_ENDIAN;
                    case '>' -> order = ByteOrder.BIG_ENDIAN;
                    // numpy writes '|' for single bytes, where order does not matter.
                    case '|' -> {
                        if (size != 1) {
                            return null;
                        }
                        order = ByteOrder.LITTLE_ENDIAN;
                    }
                    default -> {
                        return null;
                    }
                }
                return new Descr(t, order);
            }
        }
        return null;
    }

    /** The supported type strings, for error messages. */
    static String supportedList() {
        StringBuilder sb = new StringBuilder();
        for (NpyDtype t : values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(t.itemSize == 1 ? '|' : '<').append(t.kind).append(t.itemSize);
        }
        return sb.append(" (and big-endian '>' forms)").toString().toLowerCase(Locale.ROOT);
    }

    /** IEEE 754 binary16 to binary32; exact, since every half value is a float value. */
    static float halfToFloat(short bits) {
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            // Infinity or NaN; keep the NaN payload.
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // Zero or subnormal: mantissa * 2^-24, exactly representable as a float.
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 127 - 15) << 23) | (mantissa << 13));
    }
}
