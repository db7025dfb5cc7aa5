package org.edgenet.util;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON (RFC 8259) parser and writer.
 *
 * <p>Parsing gives objects as {@link LinkedHashMap} (in document order; a duplicate key is an
 * error), arrays as {@link List}, strings as {@link String}, integral numbers (no fraction, no
 * exponent) as {@link Long} (as {@link Double} past the long range), other numbers as {@link Double},
 * and {@code true}, {@code false}, {@code null} as Boolean.TRUE, Boolean.FALSE and null. Nothing
 * beyond the standard is accepted: no comments, trailing commas, single quotes, NaN, leading zeros
 * or raw control characters in strings. Errors are {@link JsonException}s that give the line, column
 * and offset.
 *
 * <p>Writing accepts maps (string keys), collections, arrays, strings, numbers, booleans and null.
 * Doubles and floats are written in their shortest round-tripping form; NaN and infinities are
 * refused because JSON cannot express them.
 */
public final class Json {
    /** Default limit on nested arrays and objects. */
    public static final int DEFAULT_MAX_DEPTH = 256;

    private Json() {}

    /** A JSON text that is not valid, or a value that cannot be written as JSON. */
    public static final class JsonException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final int offset;

        JsonException(String message, int offset) {
            super(message);
            this.offset = offset;
        }

        /** The character offset of the problem in the parsed text, or -1 when writing. */
        public int offset() {
            return offset;
        }
    }

    /** Parses a complete JSON text with the default depth limit. */
    public static Object parse(String text) {
        return parse(text, DEFAULT_MAX_DEPTH);
    }

    /** Parses a complete JSON text; arrays and objects may nest at most {@code maxDepth} deep. */
    public static Object parse(String text, int maxDepth) {
        Parser p = new Parser(text, maxDepth);
        p.skipWhitespace();
        Object value = p.value(0);
        p.skipWhitespace();
        if (p.pos < text.length()) {
            throw p.error("unexpected " + p.describeHere() + " after the JSON value");
        }
        return value;
    }

    /** Compact JSON. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        new Writer(sb, null).value(value, 0);
        return sb.toString();
    }

    /** JSON indented by two spaces per level, for people to read. */
    public static String writePretty(Object value) {
        StringBuilder sb = new StringBuilder();
        new Writer(sb, "  ").value(value, 0);
        return sb.toString();
    }

    /** Appends {@code s} as a quoted JSON string. */
    public static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                default:
                    // Control characters must be escaped; a lone surrogate is escaped too, because it
                    // cannot be encoded as UTF-8 and would otherwise be lost on the way to a file.
                    if (c < 0x20 || (Character.isSurrogate(c) && !isPairedSurrogate(s, i))) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    private static boolean isPairedSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    private static final class Parser {
        private final String text;
        private final int maxDepth;
        private int pos;

        Parser(String text, int maxDepth) {
            this.text = text;
            this.maxDepth = maxDepth;
        }

        Object value(int depth) {
            if (pos >= text.length()) {
                throw error("unexpected end of input, expected a value");
            }
            char c = text.charAt(pos);
            switch (c) {
                case '{': return object(depth + 1);
                case '[': return array(depth + 1);
                case '"': return string();
                case 't': return literal("true", Boolean.TRUE);
                case 'f': return literal("false", Boolean.FALSE);
                case 'n': return literal("null", null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return number();
                    }
                    throw error("unexpected " + describeHere() + ", expected a value");
            }
        }

        private Map<String, Object> object(int depth) {
            checkDepth(depth);
            pos++; // {
            Map<String, Object> map = new LinkedHashMap<>();
            skipWhitespace();
            if (peekIs('}')) {
                pos++;
                return map;
            }
            while (true) {
                skipWhitespace();
                if (!peekIs('"')) {
                    throw error("expected a string key, found " + describeHere());
                }
                int keyAt = pos;
                String key = string();
                skipWhitespace();
                expect(':', "after an object key");
                skipWhitespace();
                Object v = value(depth);
                if (map.containsKey(key)) {
                    throw new JsonException("duplicate key \"" + key + "\" " + position(keyAt), keyAt);
                }
                map.put(key, v);
                skipWhitespace();
                if (peekIs(',')) {
                    pos++;
                } else if (peekIs('}')) {
                    pos++;
                    return map;
                } else {
                    throw error("expected ',' or '}' in an object, found " + describeHere());
                }
            }
        }

        private List<Object> array(int depth) {
            checkDepth(depth);
            pos++; // [
            List<Object> list = new ArrayList<>();
            skipWhitespace();
            if (peekIs(']')) {
                pos++;
                return list;
            }
            while (true) {
                skipWhitespace();
                list.add(value(depth));
                skipWhitespace();
                if (peekIs(',')) {
                    pos++;
                } else if (peekIs(']')) {
                    pos++;
                    return list;
                } else {
                    throw error("expected ',' or ']' in an array, found " + describeHere());
                }
            }
        }

        private String string() {
            pos++; // opening quote
            StringBuilder sb = null; // only needed once an escape appears
            int runStart = pos;
            while (true) {
                if (pos >= text.length()) {
                    throw error("unterminated string");
                }
                char c = text.charAt(pos);
                if (c == '"') {
                    String s = sb == null ? text.substring(runStart, pos) : sb.append(text, runStart, pos).toString();
                    pos++;
                    return s;
                }
                if (c < 0x20) {
                    throw error(String.format("raw control character U+%04X in a string (must be escaped)", (int) c));
                }
                if (c != '\\') {
                    pos++;
                    continue;
                }
                if (sb == null) {
                    sb = new StringBuilder();
                }
                sb.append(text, runStart, pos);
                pos++; // backslash
                if (pos >= text.length()) {
                    throw error("unterminated escape sequence");
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case '"': sb.append('"'); break;
                    case '\\': sb.append('\\'); break;
                    case '/': sb.append('/'); break;
                    case 'b': sb.append('\b'); break;
                    case 'f': sb.append('\f'); break;
                    case 'n': sb.append('\n'); break;
                    case 'r': sb.append('\r'); break;
                    case 't': sb.append('\t'); break;
                    // Each \\uXXXX is one UTF-16 unit, so a surrogate pair written as two escapes
                    // becomes the right code point by simply appending both.
                    case 'u': sb.append(hex4()); break;
                    default:
                        pos--;
                        throw error("invalid escape '\\" + e + "'");
                }
                runStart = pos;
            }
        }

        private char hex4() {
            if (pos + 4 > text.length()) {
                throw error("incomplete \\u escape");
            }
            int v = 0;
            for (int i = 0; i < 4; i++) {
                char c = text.charAt(pos);
                int d = c >= '0' && c <= '9' ? c - '0'
                        : c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (d < 0) {
                    throw error("invalid hex digit in a \\u escape");
                }
                v = v * 16 + d;
                pos++;
            }
            return (char) v;
        }

        private Object number() {
            int start = pos;
            if (peekIs('-')) {
                pos++;
            }
            if (peekIs('0')) {
                pos++;
                if (pos < text.length() && isDigit(text.charAt(pos))) {
                    throw error("leading zero in a number");
                }
            } else {
                digits("a digit");
            }
            boolean integral = true;
            if (peekIs('.')) {
                integral = false;
                pos++;
                digits("a digit after the decimal point");
            }
            if (peekIs('e') || peekIs('E')) {
                integral = false;
                pos++;
                if (peekIs('+') || peekIs('-')) {
                    pos++;
                }
                digits("a digit in the exponent");
            }
            String s = text.substring(start, pos);
            if (integral) {
                try {
                    return Long.parseLong(s);
                } catch (NumberFormatException pastLongRange) {
                    // handled below as a double
                }
            }
            double d = Double.parseDouble(s);
            if (Double.isInfinite(d)) {
                throw new JsonException("number " + s + " is out of range " + position(start), start);
            }
            return d;
        }

        private void digits(String what) {
            if (pos >= text.length() || !isDigit(text.charAt(pos))) {
                throw error("expected " + what + ", found " + describeHere());
            }
            while (pos < text.length() && isDigit(text.charAt(pos))) {
                pos++;
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private Object literal(String word, Object value) {
            if (!text.startsWith(word, pos)) {
                throw error("unexpected " + describeHere() + ", expected a value");
            }
            pos += word.length();
            return value;
        }

        private void checkDepth(int depth) {
            if (depth > maxDepth) {
                throw error("arrays and objects nested deeper than " + maxDepth + " levels");
            }
        }

        private void expect(char c, String context) {
            if (!peekIs(c)) {
                throw error("expected '" + c + "' " + context + ", found " + describeHere());
            }
            pos++;
        }

        private boolean peekIs(char c) {
            return pos < text.length() && text.charAt(pos) == c;
        }

        void skipWhitespace() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        String describeHere() {
            if (pos >= text.length()) {
                return "end of input";
            }
            char c = text.charAt(pos);
            return c < 0x20 || c > 0x7e ? String.format("character U+%04X", (int) c) : "'" + c + "'";
        }

        JsonException error(String message) {
            return new JsonException(message + " " + position(pos), pos);
        }

        private String position(int at) {
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < at && i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            return "at line " + line + ", column " + (at - lineStart + 1) + " (offset " + at + ")";
        }
    }

    private static final class Writer {
        private final StringBuilder out;
        private final String indent;

        Writer(StringBuilder out, String indent) {
            this.out = out;
            this.indent = indent;
        }

        void value(Object v, int depth) {
            if (depth > DEFAULT_MAX_DEPTH) {
                throw new JsonException("value nested deeper than " + DEFAULT_MAX_DEPTH
                        + " levels (a cycle?)", -1);
            }
            if (v == null) {
                out.append("null");
            } else if (v instanceof String) {
                quote((String) v, out);
            } else if (v instanceof Boolean) {
                out.append(v.toString());
            } else if (v instanceof Double || v instanceof Float) {
                floating((Number) v);
            } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                    || v instanceof BigInteger) {
                out.append(v.toString());
            } else if (v instanceof BigDecimal) {
                out.append(((BigDecimal) v).toString());
            } else if (v instanceof Character) {
                quote(v.toString(), out);
            } else if (v instanceof Map) {
                object((Map<?, ?>) v, depth);
            } else if (v instanceof Collection) {
                array(new ArrayList<>((Collection<?>) v), depth);
            } else if (v.getClass().isArray()) {
                List<Object> items = new ArrayList<>();
                for (int i = 0, n = Array.getLength(v); i < n; i++) {
                    items.add(Array.get(v, i));
                }
                array(items, depth);
            } else {
                throw new JsonException("cannot write a " + v.getClass().getName() + " as JSON", -1);
            }
        }

        private void floating(Number n) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new JsonException("cannot write " + d + " as JSON", -1);
            }
            // Java's toString gives the shortest digits that read back to the same float/double,
            // in a form ("1.0E-5") that JSON accepts.
            out.append(n instanceof Float ? Float.toString(n.floatValue()) : Double.toString(d));
        }

        private void object(Map<?, ?> map, int depth) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    throw new JsonException("JSON object keys must be strings, got "
                            + (e.getKey() == null ? "null" : e.getKey().getClass().getName()), -1);
                }
                separator(first, depth + 1);
                first = false;
                quote((String) e.getKey(), out);
                out.append(indent == null ? ":" : ": ");
                value(e.getValue(), depth + 1);
            }
            close(first, depth, '}');
        }

        private void array(List<?> items, int depth) {
            out.append('[');
            boolean first = true;
            for (Object item : items) {
                separator(first, depth + 1);
                first = false;
                value(item, depth + 1);
            }
            close(first, depth, ']');
        }

        private void separator(boolean first, int depth) {
            if (!first) {
                out.append(',');
            }
            newline(depth);
        }

        private void close(boolean empty, int depth, char bracket) {
            if (!empty) {
                newline(depth);
            }
            out.append(bracket);
        }

        private void newline(int depth) {
            if (indent != null) {
                out.append('\n');
                out.append(indent.repeat(depth));
            }
        }
    }
}
