package org.edgenet.weights;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Python pickle (protocols 2 to 5) without ever running code. It rebuilds only None, bools,
 * ints, floats, strings, bytes, tuples, lists, sets, dicts, OrderedDicts and tensors; the only
 * globals it accepts are those in {@link TorchGlobal}, and REDUCE may only apply those that rebuild
 * a container or a tensor. Persistent ids (torch's storages) go to a {@link PersistentLoader}.
 *
 * <p>Everything read from the input is checked before use: lengths against the bytes that remain
 * (nothing is allocated from an unchecked length), memo indices, stack and MARK depth, container
 * nesting and integer sizes. Each opcode consumes at least one byte and does bounded work, so a
 * pickle of n bytes is read in O(n) time and memory. Any problem is a {@link WeightsFormatException}
 * naming the byte position.
 */
final class RestrictedUnpickler {
    /** Deeper than any state dict or checkpoint; shallow enough for recursive walks over the result. */
    static final int MAX_DEPTH = 200;
    /** Python's pickler numbers memo entries 0, 1, 2, ...; no real file comes near this. */
    static final long MAX_MEMO_INDEX = 1L << 24;
    /** LONG1/LONG4 ints longer than this are not plausible in a checkpoint (torch's magic number is 10). */
    static final int MAX_LONG_BYTES = 256;
    static final int MAX_PROTOCOL = 5;
    /** GLOBAL's module and name lines. */
    static final int MAX_LINE = 1024;

    /** Turns a persistent id (for torch, a tuple starting with 'storage') into a value. */
    interface PersistentLoader {
        Object load(Object pid) throws InvalidPickleException;
    }

    private final ByteBuffer in;
    private final int end;
    private final String where;
    private final PersistentLoader loader;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private int pos;

    private List<Object> stack;
    private int[] marks;
    private int markCount;
    private Map<Long, Object> memo;

    /**
     * @param in the bytes; read from {@code start} to its limit
     * @param where the input for messages, e.g. "archive/data.pkl in /models/x.pth"
     * @param loader resolves persistent ids; null when the pickle must not contain any
     */
    RestrictedUnpickler(ByteBuffer in, int start, String where, PersistentLoader loader) {
        this.in = in.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.end = in.limit();
        this.pos = start;
        this.where = where;
        this.loader = loader;
    }

    /** The position just after the last STOP read, i.e. where the next pickle or raw data begins. */
    int position() {
        return pos;
    }

    /** Reads one pickle, up to and including its STOP opcode, and returns its value. */
    Object load() throws WeightsFormatException {
        stack = new ArrayList<>();
        marks = new int[16];
        markCount = 0;
        memo = new HashMap<>();
        int opStart = pos;
        try {
            while (true) {
                opStart = pos;
                if (pos >= end) {
                    throw new InvalidPickleException("the pickle ends without a STOP opcode (file truncated?)");
                }
                int op = in.get(pos++) & 0xff;
                if (op == '.') {
                    return stop();
                }
                execute(op);
            }
        } catch (InvalidPickleException e) {
            throw new WeightsFormatException(e.getMessage(), "at byte " + opStart + " of " + where);
        }
    }

    private Object stop() throws InvalidPickleException {
        if (markCount > 0) {
            throw new InvalidPickleException("the pickle stops with " + markCount + " MARK(s) never closed");
        }
        if (stack.size() != 1) {
            throw new InvalidPickleException("the pickle stops with " + stack.size()
                    + " values on the stack instead of 1");
        }
        return stack.get(0);
    }

    private void execute(int op) throws InvalidPickleException {
        switch (op) {
            case 0x80: { // PROTO
                int version = u8();
                if (version > MAX_PROTOCOL) {
                    throw new InvalidPickleException("unsupported pickle protocol " + version);
                }
                break;
            }
            case 0x95: // FRAME: a length hint for buffered readers; the data is all here anyway
                length(u64(), "FRAME");
                break;
            case '(': // MARK
                if (markCount >= MAX_DEPTH) {
                    throw new InvalidPickleException("more than " + MAX_DEPTH + " nested MARKs");
                }
                if (markCount == marks.length) {
                    marks = java.util.Arrays.copyOf(marks, markCount * 2);
                }
                marks[markCount++] = stack.size();
                break;
            case '0': // POP: pops the top value, or the topmost MARK if nothing is above it
                if (stack.size() > markBase()) {
                    pop();
                } else if (markCount > 0) {
                    markCount--;
                } else {
                    throw new InvalidPickleException("POP on an empty stack");
                }
                break;
            case '1': // POP_MARK
                popToMark("POP_MARK");
                break;
            case '2': // DUP
                push(peek());
                break;

            case 'N': push(null); break;
            case 0x88: push(Boolean.TRUE); break;
            case 0x89: push(Boolean.FALSE); break;
            case 'J': push((long) in.getInt(need(4))); break; // BININT
            case 'K': push((long) u8()); break; // BININT1
            case 'M': push((long) (in.getShort(need(2)) & 0xffff)); break; // BININT2
            case 0x8a: push(longInt(u8())); break; // LONG1
            case 0x8b: { // LONG4
                int n = in.getInt(need(4));
                if (n < 0 || n > MAX_LONG_BYTES) {
                    throw new InvalidPickleException("LONG4 of " + Integer.toUnsignedString(n)
                            + " bytes; at most " + MAX_LONG_BYTES + " are accepted");
                }
                push(longInt(n));
                break;
            }
            case 'G': // BINFLOAT is big-endian, unlike everything else
                push(Double.longBitsToDouble(Long.reverseBytes(in.getLong(need(8)))));
                break;

            case 'X': push(utf8(length(u32(), "BINUNICODE"))); break;
            case 0x8c: push(utf8(length(u8(), "SHORT_BINUNICODE"))); break;
            case 0x8d: push(utf8(length(u64(), "BINUNICODE8"))); break;
            // Python 2's str; torch.load decodes it as UTF-8 too.
            case 'T': push(utf8(length(in.getInt(need(4)), "BINSTRING"))); break;
            case 'U': push(utf8(length(u8(), "SHORT_BINSTRING"))); break;
            case 'B': push(bytes(length(u32(), "BINBYTES"))); break;
            case 'C': push(bytes(length(u8(), "SHORT_BINBYTES"))); break;
            case 0x8e: push(bytes(length(u64(), "BINBYTES8"))); break;
            case 0x96: push(bytes(length(u64(), "BYTEARRAY8"))); break;

            case ')': push(tuple(List.of())); break; // EMPTY_TUPLE
            case 't': push(tuple(popToMark("TUPLE"))); break;
            case 0x85: push(tuple(popN(1))); break; // TUPLE1
            case 0x86: push(tuple(popN(2))); break; // TUPLE2
            case 0x87: push(tuple(popN(3))); break; // TUPLE3
            case ']': // EMPTY_LIST
            case 0x8f: // EMPTY_SET
                push(new PyObjects.PyList());
                break;
            case 'l': { // LIST
                PyObjects.PyList list = new PyObjects.PyList();
                for (Object item : popToMark("LIST")) {
                    list.add(item);
                }
                checkDepth(list.depth);
                push(list);
                break;
            }
            case 0x91: push(tuple(popToMark("FROZENSET"))); break;
            case 'a': { // APPEND
                Object item = pop();
                appendAll(peek(), List.of(item), "APPEND");
                break;
            }
            case 'e': // APPENDS
            case 0x90: { // ADDITEMS
                List<Object> items = popToMark(op == 'e' ? "APPENDS" : "ADDITEMS");
                appendAll(peek(), items, op == 'e' ? "APPENDS" : "ADDITEMS");
                break;
            }
            case '}': push(new PyObjects.PyDict()); break; // EMPTY_DICT
            case 'd': { // DICT
                PyObjects.PyDict dict = new PyObjects.PyDict();
                setItems(dict, popToMark("DICT"));
                push(dict);
                break;
            }
            case 's': { // SETITEM
                List<Object> kv = popN(2);
                setItems(peek(), kv);
                break;
            }
            case 'u': { // SETITEMS
                List<Object> kvs = popToMark("SETITEMS");
                setItems(peek(), kvs);
                break;
            }

            case 'q': memoPut(u8()); break; // BINPUT
            case 'r': memoPut(u32()); break; // LONG_BINPUT
            case 0x94: memoPut(memo.size()); break; // MEMOIZE
            case 'h': push(memoGet(u8())); break; // BINGET
            case 'j': push(memoGet(u32())); break; // LONG_BINGET

            case 'c': { // GLOBAL "module\nname\n"
                String module = line();
                String name = line();
                push(global(module, name));
                break;
            }
            case 0x93: { // STACK_GLOBAL
                Object name = pop();
                Object module = pop();
                if (!(module instanceof String) || !(name instanceof String)) {
                    throw new InvalidPickleException("STACK_GLOBAL needs two strings, got "
                            + PyObjects.typeName(module) + " and " + PyObjects.typeName(name));
                }
                push(global((String) module, (String) name));
                break;
            }
            case 'R': { // REDUCE
                Object args = pop();
                Object callable = pop();
                push(reduce(callable, args));
                break;
            }
            case 0x81: { // NEWOBJ: cls.__new__(cls, *args); only an empty OrderedDict makes sense here
                Object args = pop();
                Object cls = pop();
                push(newObject(cls, args, null));
                break;
            }
            case 0x92: { // NEWOBJ_EX
                Object kwargs = pop();
                Object args = pop();
                Object cls = pop();
                push(newObject(cls, args, kwargs));
                break;
            }
            case 'b': { // BUILD
                Object state = pop();
                build(peek(), state);
                break;
            }
            case 'Q': { // BINPERSID
                Object pid = pop();
                if (loader == null) {
                    throw new InvalidPickleException("unexpected persistent id in a pickle that should hold plain data");
                }
                push(loader.load(pid));
                break;
            }
            default:
                throw new InvalidPickleException(unsupported(op));
        }
    }

    // ---- values ----

    private Object global(String module, String name) throws InvalidPickleException {
        TorchGlobal g = TorchGlobal.lookup(module, name);
        if (g == null) {
            throw new InvalidPickleException("pickle names the global '" + module + "." + name
                    + "', which is not allowed (only tensor-rebuild globals are)" + globalHint(module));
        }
        return g;
    }

    private static String globalHint(String module) {
        if (module.equals("__main__") || module.startsWith("torch.nn.") || module.startsWith("torchvision.")
                || module.startsWith("timm.")) {
            return "; this looks like a whole pickled model: in Python, save model.state_dict() instead";
        }
        if (module.startsWith("numpy")) {
            return "; numpy arrays are not supported, save torch tensors";
        }
        return "";
    }

    private Object reduce(Object callable, Object args) throws InvalidPickleException {
        if (!(callable instanceof TorchGlobal)) {
            throw new InvalidPickleException("REDUCE applies " + PyObjects.aTypeName(callable)
                    + ", which is not an allowed callable global");
        }
        TorchGlobal g = (TorchGlobal) callable;
        if (!g.isCallable()) {
            throw new InvalidPickleException("REDUCE calls " + g.qualifiedName()
                    + ", which is allowed only as a storage type inside a persistent id");
        }
        if (!(args instanceof PyObjects.PyTuple)) {
            throw new InvalidPickleException("REDUCE arguments for " + g.qualifiedName() + " must be a tuple, got "
                    + PyObjects.typeName(args));
        }
        PyObjects.PyTuple a = (PyObjects.PyTuple) args;
        switch (g) {
            case ORDERED_DICT:
                return orderedDict(a);
            case REBUILD_TENSOR:
                arity(g, a, 4, 4);
                return TensorRef.rebuild(a.get(0), a.get(1), a.get(2), a.get(3));
            case REBUILD_TENSOR_V2:
                // (storage, offset, size, stride, requires_grad, backward_hooks[, metadata]); the rest is
                // autograd bookkeeping that a loaded weight does not need.
                arity(g, a, 6, 7);
                return TensorRef.rebuild(a.get(0), a.get(1), a.get(2), a.get(3));
            case REBUILD_PARAMETER:
            case REBUILD_PARAMETER_WITH_STATE:
                // (data, requires_grad, backward_hooks[, state]): a Parameter is its data here.
                int n = g == TorchGlobal.REBUILD_PARAMETER ? 3 : 4;
                arity(g, a, n, n);
                if (!(a.get(0) instanceof TensorRef)) {
                    throw new InvalidPickleException(g.qualifiedName() + " expects a tensor, got "
                            + PyObjects.typeName(a.get(0)));
                }
                return a.get(0);
            default:
                throw new IllegalStateException("callable global without a rule: " + g);
        }
    }

    private static void arity(TorchGlobal g, PyObjects.PyTuple a, int min, int max) throws InvalidPickleException {
        if (a.size() < min || a.size() > max) {
            throw new InvalidPickleException(g.qualifiedName() + " takes " + (min == max ? min : min + " or " + max)
                    + " arguments, got " + a.size());
        }
    }

    /** OrderedDict() or OrderedDict(pairs). */
    private PyObjects.PyDict orderedDict(PyObjects.PyTuple a) throws InvalidPickleException {
        PyObjects.PyDict dict = new PyObjects.PyDict();
        if (a.size() == 0) {
            return dict;
        }
        List<Object> pairs = a.size() == 1 ? itemsOf(a.get(0)) : null;
        if (pairs == null) {
            throw new InvalidPickleException("collections.OrderedDict takes no arguments or one list of pairs");
        }
        for (Object pair : pairs) {
            List<Object> kv = itemsOf(pair);
            if (kv == null || kv.size() != 2) {
                throw new InvalidPickleException("collections.OrderedDict needs (key, value) pairs, got "
                        + PyObjects.typeName(pair));
            }
            setItems(dict, kv);
        }
        return dict;
    }

    private static List<Object> itemsOf(Object o) {
        if (o instanceof PyObjects.PyTuple) {
            return ((PyObjects.PyTuple) o).items;
        }
        if (o instanceof PyObjects.PyList) {
            return ((PyObjects.PyList) o).items;
        }
        return null;
    }

    private Object newObject(Object cls, Object args, Object kwargs) throws InvalidPickleException {
        boolean noArgs = args instanceof PyObjects.PyTuple && ((PyObjects.PyTuple) args).size() == 0;
        boolean noKwargs = kwargs == null
                || (kwargs instanceof PyObjects.PyDict && ((PyObjects.PyDict) kwargs).map.isEmpty());
        if (cls == TorchGlobal.ORDERED_DICT && noArgs && noKwargs) {
            return new PyObjects.PyDict();
        }
        throw new InvalidPickleException("NEWOBJ is only supported for an empty collections.OrderedDict, not "
                + PyObjects.typeName(cls));
    }

    /**
     * BUILD sets an object's state. torch pickles a state dict's {@code _metadata} attribute this
     * way; it describes module versions, not weights, so the state is dropped.
     */
    private static void build(Object target, Object state) throws InvalidPickleException {
        if (!(target instanceof PyObjects.PyDict) && !(target instanceof TensorRef)) {
            throw new InvalidPickleException("BUILD on " + PyObjects.aTypeName(target) + " is not supported");
        }
    }

    private void appendAll(Object target, List<Object> items, String opName) throws InvalidPickleException {
        if (!(target instanceof PyObjects.PyList)) {
            throw new InvalidPickleException(opName + " on " + PyObjects.aTypeName(target) + ", not a list or set");
        }
        PyObjects.PyList list = (PyObjects.PyList) target;
        for (Object item : items) {
            list.add(item);
        }
        checkDepth(list.depth);
    }

    private void setItems(Object target, List<Object> keysAndValues) throws InvalidPickleException {
        if (!(target instanceof PyObjects.PyDict)) {
            throw new InvalidPickleException("SETITEM on " + PyObjects.aTypeName(target) + ", not a dict");
        }
        if (keysAndValues.size() % 2 != 0) {
            throw new InvalidPickleException("odd number of items (" + keysAndValues.size() + ") for a dict");
        }
        PyObjects.PyDict dict = (PyObjects.PyDict) target;
        for (int i = 0; i < keysAndValues.size(); i += 2) {
            Object key = keysAndValues.get(i);
            if (!PyObjects.isHashable(key)) {
                throw new InvalidPickleException("dict key of type " + PyObjects.typeName(key) + " is not hashable");
            }
            dict.put(key, keysAndValues.get(i + 1));
        }
        checkDepth(dict.depth);
    }

    private PyObjects.PyTuple tuple(List<Object> items) throws InvalidPickleException {
        PyObjects.PyTuple t = new PyObjects.PyTuple(items);
        checkDepth(t.depth);
        return t;
    }

    private static void checkDepth(int depth) throws InvalidPickleException {
        if (depth > MAX_DEPTH) {
            throw new InvalidPickleException("containers nested more than " + MAX_DEPTH + " levels deep");
        }
    }

    /** A little-endian two's-complement int of n bytes, as Long when it fits. */
    private Object longInt(int n) throws InvalidPickleException {
        int at = need(n);
        if (n == 0) {
            return 0L;
        }
        byte[] bigEndian = new byte[n];
        for (int i = 0; i < n; i++) {
            bigEndian[i] = in.get(at + n - 1 - i);
        }
        BigInteger v = new BigInteger(bigEndian);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private String utf8(int n) throws InvalidPickleException {
        int at = need(n);
        try {
            return utf8.decode(in.slice(at, n)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidPickleException("string of " + n + " bytes is not valid UTF-8");
        }
    }

    private PyObjects.PyBytes bytes(int n) throws InvalidPickleException {
        int at = need(n);
        byte[] b = new byte[n];
        in.get(at, b);
        return new PyObjects.PyBytes(b);
    }

    // ---- memo ----

    private void memoPut(long index) throws InvalidPickleException {
        if (index >= MAX_MEMO_INDEX) {
            throw new InvalidPickleException("memo index " + index + " is beyond the limit of " + MAX_MEMO_INDEX);
        }
        memo.put(index, peek());
    }

    private Object memoGet(long index) throws InvalidPickleException {
        Object v = memo.get(index);
        if (v == null && !memo.containsKey(index)) {
            throw new InvalidPickleException("memo index " + index + " is read but was never set");
        }
        return v;
    }

    // ---- stack ----

    private int markBase() {
        return markCount == 0 ? 0 : marks[markCount - 1];
    }

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() throws InvalidPickleException {
        if (stack.size() <= markBase()) {
            throw new InvalidPickleException("stack underflow");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() throws InvalidPickleException {
        if (stack.size() <= markBase()) {
            throw new InvalidPickleException("stack underflow");
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popN(int n) throws InvalidPickleException {
        if (stack.size() - markBase() < n) {
            throw new InvalidPickleException("stack underflow");
        }
        List<Object> top = stack.subList(stack.size() - n, stack.size());
        List<Object> items = new ArrayList<>(top);
        top.clear();
        return items;
    }

    private List<Object> popToMark(String opName) throws InvalidPickleException {
        if (markCount == 0) {
            throw new InvalidPickleException(opName + " without a preceding MARK");
        }
        int base = marks[--markCount];
        List<Object> top = stack.subList(base, stack.size());
        List<Object> items = new ArrayList<>(top);
        top.clear();
        return items;
    }

    // ---- raw input ----

    /** Checks that n more bytes exist, advances past them and returns where they start. */
    private int need(int n) throws InvalidPickleException {
        if (n > end - pos) {
            throw new InvalidPickleException("the pickle needs " + n + " more bytes but only " + (end - pos)
                    + " remain (file truncated?)");
        }
        int at = pos;
        pos += n;
        return at;
    }

    /** A length read from the input, checked against what remains before anything is allocated. */
    private int length(long n, String opName) throws InvalidPickleException {
        if (n < 0 || n > end - pos) {
            throw new InvalidPickleException(opName + " claims " + (n < 0 ? Long.toUnsignedString(n) : n)
                    + " bytes but only " + (end - pos) + " remain (file truncated or damaged?)");
        }
        return (int) n;
    }

    private int u8() throws InvalidPickleException {
        return in.get(need(1)) & 0xff;
    }

    private long u32() throws InvalidPickleException {
        return in.getInt(need(4)) & 0xffffffffL;
    }

    /** An unsigned 64-bit value; those past Long.MAX_VALUE come back negative, which callers reject. */
    private long u64() throws InvalidPickleException {
        return in.getLong(need(8));
    }

    private String line() throws InvalidPickleException {
        int limit = Math.min(end, pos + MAX_LINE);
        for (int i = pos; i < limit; i++) {
            if (in.get(i) == '\n') {
                String s = utf8(i - pos);
                pos++; // the newline
                return s;
            }
        }
        throw new InvalidPickleException(limit == end
                ? "GLOBAL name runs past the end of the pickle (file truncated?)"
                : "GLOBAL name is not terminated by a newline within " + MAX_LINE + " bytes");
    }

    private static String unsupported(int op) {
        String name = UNSUPPORTED_NAMES.get(op);
        String hex = String.format("0x%02x", op);
        return name == null
                ? "unknown pickle opcode " + hex
                : "unsupported pickle opcode " + name + " (" + hex + ")";
    }

    /** Valid opcodes this reader refuses: text protocol 0/1 forms, object construction, extensions. */
    private static final Map<Integer, String> UNSUPPORTED_NAMES = Map.ofEntries(
            Map.entry((int) 'I', "INT"), Map.entry((int) 'L', "LONG"), Map.entry((int) 'F', "FLOAT"),
            Map.entry((int) 'S', "STRING"), Map.entry((int) 'V', "UNICODE"), Map.entry((int) 'P', "PERSID"),
            Map.entry((int) 'p', "PUT"), Map.entry((int) 'g', "GET"), Map.entry((int) 'i', "INST"),
            Map.entry((int) 'o', "OBJ"), Map.entry(0x82, "EXT1"), Map.entry(0x83, "EXT2"),
            Map.entry(0x84, "EXT4"), Map.entry(0x97, "NEXT_BUFFER"), Map.entry(0x98, "READONLY_BUFFER"));
}
