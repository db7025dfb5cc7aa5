package org.edgenet.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The .npy header: a Python dict literal such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}.
 * Only the literal forms numpy writes are parsed (strings, True/False, ints, tuples and lists);
 * nothing is evaluated.
 */
record NpyHeader(String descr, boolean fortranOrder, long[] shape) {
    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");
    /** numpy leaves this much room after the first shape entry so the array can grow in place. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;

    /** Parses the header text; the message of the exception says what is wrong. */
    static NpyHeader parse(String text) throws MalformedException {
        Object value = new Parser(text).parseWhole();
        if (!(value instanceof Map<?, ?> dict)) {
            throw new MalformedException("header is not a dict: " + abbreviate(text));
        }
        if (!dict.keySet().equals(KEYS)) {
            throw new MalformedException("header keys " + dict.keySet()
                    + " are not exactly 'descr', 'fortran_order' and 'shape'");
        }
        Object descr = dict.get("descr");
        if (!(descr instanceof String d)) {
            throw new MalformedException("unsupported dtype " + describe(descr) + " (structured arrays are not read)");
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw new MalformedException("fortran_order is not True or False: " + describe(dict.get("fortran_order")));
        }
        if (!(dict.get("shape") instanceof Tuple tuple)) {
            throw new MalformedException("shape is not a tuple: " + describe(dict.get("shape")));
        }
        long[] shape = new long[tuple.items().size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(tuple.items().get(i) instanceof Long n) || n < 0) {
                throw new MalformedException("shape entry " + describe(tuple.items().get(i))
                        + " is not a non-negative integer");
            }
            shape[i] = n;
        }
        return new NpyHeader(d, fortran, shape);
    }

    /** The dict text numpy 1.23+ writes for a C-order array (before padding), so files match np.save byte for byte. */
    static String format(String descr, int[] shape) {
        StringBuilder sb = new StringBuilder("{'descr': '").append(descr)
                .append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i > 0 ? ", " : "").append(shape[i]);
        }
        sb.append(shape.length == 1 ? ",)" : ")").append(", }");
        if (shape.length > 0) {
            sb.append(" ".repeat(GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length()));
        }
        return sb.toString();
    }

    /** A header that cannot be used; the caller adds the file name. */
    static final class MalformedException extends Exception {
        MalformedException(String message) {
            super(message);
        }
    }

    /** A Python tuple, kept apart from a list so that a list shape is rejected like numpy does. */
    private record Tuple(List<Object> items) {}

    private static String describe(Object value) {
        if (value instanceof String s) {
            return "'" + s + "'";
        }
        if (value instanceof Tuple t) {
            return t.items().toString().replace('[', '(').replace(']', ')');
        }
        return String.valueOf(value);
    }

    private static String abbreviate(String text) {
        String t = text.strip();
        return t.length() <= 80 ? t : t.substring(0, 77) + "...";
    }

    /** Recursive descent over the small Python literal subset. */
    private static final class Parser {
        private static final int MAX_DEPTH = 8;
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        Object parseWhole() throws MalformedException {
            Object v = value(0);
            skipSpace();
            if (pos != s.length()) {
                throw error("unexpected text after the dict");
            }
            return v;
        }

        private Object value(int depth) throws MalformedException {
            if (depth > MAX_DEPTH) {
                throw error("nesting too deep");
            }
            skipSpace();
            if (pos >= s.length()) {
                throw error("header ends early");
            }
            char c = s.charAt(pos);
            return switch (c) {
                case '{' -> dict(depth);
                case '(' -> new Tuple(sequence(')', depth));
                case '[' -> sequence(']', depth);
                case '\'', '"' -> string();
                default -> {
                    if (c == '-' || Character.isDigit(c)) {
                        yield integer();
                    }
                    yield word();
                }
            };
        }

        private Map<String, Object> dict(int depth) throws MalformedException {
            pos++; // '{'
            Map<String, Object> map = new LinkedHashMap<>();
            while (true) {
                skipSpace();
                if (peek() == '}') {
                    pos++;
                    return map;
                }
                Object key = value(depth + 1);
                if (!(key instanceof String k)) {
                    throw error("dict key is not a string");
                }
                skipSpace();
                expect(':');
                if (map.put(k, value(depth + 1)) != null) {
                    throw error("duplicate key '" + k + "'");
                }
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != '}') {
                    throw error("expected ',' or '}'");
                }
            }
        }

        private List<Object> sequence(char close, int depth) throws MalformedException {
            pos++; // '(' or '['
            List<Object> items = new ArrayList<>();
            while (true) {
                skipSpace();
                if (peek() == close) {
                    pos++;
                    return items;
                }
                items.add(value(depth + 1));
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != close) {
                    throw error("expected ',' or '" + close + "'");
                }
            }
        }

        private String string() throws MalformedException {
            char quote = s.charAt(pos++);
            int start = pos;
            while (pos < s.length() && s.charAt(pos) != quote) {
                if (s.charAt(pos) == '\\') {
                    throw error("escapes in strings are not supported");
                }
                pos++;
            }
            if (pos >= s.length()) {
                throw error("unterminated string");
            }
            return s.substring(start, pos++);
        }

        private Long integer() throws MalformedException {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                pos++;
            }
            String digits = s.substring(start, pos);
            // Python 2 numpy wrote long dimensions as 3L.
            if (peek() == 'L' || peek() == 'l') {
                pos++;
            }
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw error("integer " + digits + " out of range");
            }
        }

        private Object word() throws MalformedException {
            int start = pos;
            while (pos < s.length() && Character.isLetter(s.charAt(pos))) {
                pos++;
            }
            String w = s.substring(start, pos);
            return switch (w) {
                case "True" -> Boolean.TRUE;
                case "False" -> Boolean.FALSE;
                default -> throw error("unexpected " + (w.isEmpty() ? "character '" + peek() + "'" : "'" + w + "'"));
            };
        }

        private void expect(char c) throws MalformedException {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private MalformedException error(String what) {
            return new MalformedException("malformed header (" + what + " at character " + pos + "): "
                    + abbreviate(s));
        }
    }
}
