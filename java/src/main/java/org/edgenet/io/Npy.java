package org.edgenet.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.edgenet.Tensor;

/**
 * Reads and writes NumPy .npy files (format versions 1.0, 2.0 and 3.0).
 *
 * <p>Reading accepts little- and big-endian float16/32/64, int8/16/32/64, uint8/16 and bool,
 * C or Fortran order, and converts every value to float32 as {@code astype(np.float32)} would
 * (int64 and float64 values may round). Every problem — bad magic, a header that is malformed or
 * runs past the end, an unsupported dtype, a shape that does not match the data length — is an
 * {@link IOException} naming the file; sizes are checked against the file length before anything
 * large is allocated.
 *
 * <p>Writing produces float32 ({@code '<f4'}) C-order files byte-identical to {@code np.save}
 * from numpy 1.23+ (header padded so the data starts at a multiple of 64 bytes).
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    /** Far above any real header (numpy itself refuses more than 10000 bytes by default). */
    private static final int MAX_HEADER_BYTES = 1 << 20;
    /** The longest Java array. */
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    private static final int CHUNK_BYTES = 1 << 20;

    private Npy() {}

    /** Reads an array of any supported dtype as float32, in C order. */
    public static NpyArray read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(ch, file);
        }
    }

    /**
     * Reads an array into a new {@link Tensor} of the same shape (the caller closes it).
     * A 0-d array or one with a zero dimension cannot be a Tensor and is an IOException.
     */
    public static Tensor readTensor(Path file) throws IOException {
        NpyArray a = read(file);
        if (a.rank() == 0 || a.size() == 0) {
            throw new IOException(file + ": array of shape " + shapeText(a.shape())
                    + " cannot become a Tensor (needs at least one dimension and no zero dimension)");
        }
        return Tensor.of(a.data(), a.shape());
    }

    /** Writes {@code data} with {@code shape} (empty for a 0-d array) as float32 C order. */
    public static void write(Path file, float[] data, int... shape) throws IOException {
        NpyArray.checkShape(data, shape);
        byte[] header = wrapHeader(NpyHeader.format("<f4", shape));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(ch, ByteBuffer.wrap(header));
            ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < data.length; ) {
                int n = Math.min(data.length - i, CHUNK_BYTES / Float.BYTES);
                buf.clear();
                buf.asFloatBuffer().put(data, i, n);
                buf.limit(n * Float.BYTES);
                writeFully(ch, buf);
                i += n;
            }
        }
    }

    /** Writes a tensor's values with its shape. */
    public static void write(Path file, Tensor tensor) throws IOException {
        write(file, tensor.toArray(), tensor.shape());
    }

    /** Adds magic, version, length and padding the way numpy's _wrap_header does. */
    private static byte[] wrapHeader(String dict) {
        byte[] text = dict.getBytes(StandardCharsets.ISO_8859_1);
        int hlen = text.length + 1; // the closing newline
        int prefix = MAGIC.length + 2 + 2; // magic, version, uint16 length
        int pad = ALIGN - (prefix + hlen) % ALIGN;
        boolean v2 = hlen + pad > 0xffff;
        if (v2) {
            prefix = MAGIC.length + 2 + 4;
            pad = ALIGN - (prefix + hlen) % ALIGN;
        }
        ByteBuffer b = ByteBuffer.allocate(prefix + hlen + pad).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) (v2 ? 2 : 1)).put((byte) 0);
        if (v2) {
            b.putInt(hlen + pad);
        } else {
            b.putShort((short) (hlen + pad));
        }
        b.put(text);
        for (int i = 0; i < pad; i++) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        return b.array();
    }

    private static NpyArray read(FileChannel ch, Path file) throws IOException {
        long fileSize = ch.size();
        if (fileSize < MAGIC.length + 4) {
            throw bad(file, "only " + fileSize + " bytes, too short for a .npy header");
        }
        ByteBuffer start = readExactly(ch, 0, MAGIC.length + 2, file);
        for (byte m : MAGIC) {
            if (start.get() != m) {
                throw bad(file, "not a .npy file (bad magic; expected \\x93NUMPY)");
            }
        }
        int major = start.get() & 0xff;
        int minor = start.get() & 0xff;
        if (minor != 0 || major < 1 || major > 3) {
            throw bad(file, "unsupported .npy format version " + major + "." + minor + " (1.0, 2.0, 3.0 are read)");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        ByteBuffer lenBuf = readExactly(ch, MAGIC.length + 2, lengthBytes, file).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen = major == 1 ? lenBuf.getShort() & 0xffff : lenBuf.getInt() & 0xffffffffL;
        long dataStart = MAGIC.length + 2 + lengthBytes + headerLen;
        if (dataStart > fileSize) {
            throw bad(file, "header length " + headerLen + " runs past the end of the file (" + fileSize + " bytes)");
        }
        if (headerLen > MAX_HEADER_BYTES) {
            throw bad(file, "header length " + headerLen + " is implausibly large");
        }
        ByteBuffer headerBytes = readExactly(ch, MAGIC.length + 2 + lengthBytes, (int) headerLen, file);
        // Versions 1 and 2 store the header as latin-1, version 3 as UTF-8.
        String headerText = (major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1)
                .decode(headerBytes).toString();
        NpyHeader header;
        try {
            header = NpyHeader.parse(headerText);
        } catch (NpyHeader.MalformedException e) {
            throw bad(file, e.getMessage());
        }
        NpyDtype.Descr descr = NpyDtype.parse(header.descr());
        if (descr == null) {
            throw bad(file, "unsupported dtype '" + header.descr() + "'; supported: " + NpyDtype.supportedList());
        }

        long count = 1;
        for (long d : header.shape()) {
            try {
                count = Math.multiplyExact(count, d);
            } catch (ArithmeticException e) {
                throw bad(file, "shape " + shapeText(header.shape()) + " overflows a 64-bit element count");
            }
        }
        long available = fileSize - dataStart;
        int itemSize = descr.dtype().itemSize();
        // Dividing, not multiplying, so a hostile count cannot overflow here.
        if (count > available / itemSize || count * itemSize != available) {
            throw bad(file, "shape " + shapeText(header.shape()) + " of '" + header.descr() + "' needs "
                    + (count <= Long.MAX_VALUE / itemSize ? String.valueOf(count * itemSize) : "more than 2^63")
                    + " data bytes but the file holds " + available);
        }
        if (count > MAX_ELEMENTS) {
            throw bad(file, "shape " + shapeText(header.shape()) + " has " + count
                    + " elements, more than a Java array can hold");
        }
        int[] shape = new int[header.shape().length];
        for (int i = 0; i < shape.length; i++) {
            // A zero elsewhere in the shape lets one dimension be huge with no data at all.
            if (header.shape()[i] > MAX_ELEMENTS) {
                throw bad(file, "dimension " + header.shape()[i] + " in shape " + shapeText(header.shape())
                        + " is larger than a Java array can index");
            }
            shape[i] = (int) header.shape()[i];
        }

        float[] values = readValues(ch, dataStart, (int) count, descr, file);
        if (header.fortranOrder() && shape.length > 1) {
            values = fortranToC(values, shape);
        }
        return new NpyArray(values, shape);
    }

    private static float[] readValues(FileChannel ch, long offset, int count, NpyDtype.Descr descr, Path file)
            throws IOException {
        float[] out = new float[count];
        int itemSize = descr.dtype().itemSize();
        ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(descr.order()); // a multiple of every item size
        long pos = offset;
        int done = 0;
        while (done < count) {
            int n = Math.min(count - done, CHUNK_BYTES / itemSize);
            buf.clear().limit(n * itemSize);
            readFully(ch, buf, pos, file);
            buf.flip();
            if (descr.dtype() == NpyDtype.FLOAT32) {
                buf.asFloatBuffer().get(out, done, n); // bulk copy for the common case
            } else {
                for (int i = 0; i < n; i++) {
                    out[done + i] = descr.dtype().get(buf);
                }
            }
            pos += (long) n * itemSize;
            done += n;
        }
        return out;
    }

    /** Fortran order has the first index varying fastest; walk it with an odometer and scatter to C order. */
    private static float[] fortranToC(float[] f, int[] shape) {
        int rank = shape.length;
        int[] cStride = new int[rank];
        int s = 1;
        for (int k = rank - 1; k >= 0; k--) {
            cStride[k] = s;
            s *= shape[k];
        }
        float[] c = new float[f.length];
        int[] index = new int[rank];
        int cOffset = 0;
        for (float v : f) {
            c[cOffset] = v;
            for (int k = 0; k < rank; k++) {
                if (++index[k] < shape[k]) {
                    cOffset += cStride[k];
                    break;
                }
                cOffset -= (shape[k] - 1) * cStride[k];
                index[k] = 0;
            }
        }
        return c;
    }

    private static ByteBuffer readExactly(FileChannel ch, long pos, int n, Path file) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        readFully(ch, b, pos, file);
        return b.flip();
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos, Path file) throws IOException {
        long p = pos;
        while (b.hasRemaining()) {
            int r = ch.read(b, p);
            if (r < 0) {
                throw new EOFException(file + ": unexpected end of file at byte " + p);
            }
            p += r;
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static IOException bad(Path file, String problem) {
        return new IOException(file + ": " + problem);
    }

    private static String shapeText(long[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }

    private static String shapeText(int[] shape) {
        return shapeText(Arrays.stream(shape).asLongStream().toArray());
    }
}
