package org.edgenet.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesAllValueKinds() {
        Object v = Json.parse(" {\"a\": [1, -2, 3.5, 1e3, -0.25E-2, true, false, null], \"b\": {}, \"c\": [],"
                + " \"d\": \"x\\\"y\\\\z\\/\\b\\f\\n\\r\\t\\u00e9\"}\n");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of("a", "b", "c", "d"), new ArrayList<>(m.keySet()));
        assertEquals(Arrays.asList(1L, -2L, 3.5, 1000.0, -0.0025, true, false, null), m.get("a"));
        assertEquals(Map.of(), m.get("b"));
        assertEquals(List.of(), m.get("c"));
        assertEquals("x\"y\\z/\b\f\n\r\té", m.get("d"));
        assertTrue(m instanceof LinkedHashMap);
    }

    @Test
    void numbersAreLongWhenIntegralElseDouble() {
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, Json.parse("-9223372036854775808"));
        assertEquals(9.223372036854775808E18, Json.parse("9223372036854775808"));
        assertEquals(0L, Json.parse("-0"));
        assertEquals(2.0, Json.parse("2.0"));
        assertEquals(1e300, Json.parse("1e300"));
    }

    @Test
    void surrogatePairsAndNonAscii() {
        assertEquals("\uD83D\uDE00", Json.parse("\"\\ud83d\\ude00\""));
        assertEquals("😀 中文", Json.parse("\"😀 中文\""));
    }

    @Test
    void topLevelScalars() {
        assertEquals("s", Json.parse("\"s\""));
        assertNull(Json.parse("null"));
        assertEquals(true, Json.parse("true"));
    }

    @Test
    void rejectsWhatTheStandardRejects() {
        String[][] cases = {
            {"", "unexpected end of input"},
            {"{", "expected a string key"},
            {"{\"a\" 1}", "expected ':' after an object key"},
            {"{\"a\":1,}", "expected a string key"},
            {"[1,]", "unexpected ']'"},
            {"[1 2]", "expected ',' or ']'"},
            {"{'a':1}", "expected a string key"},
            {"01", "leading zero"},
            {"1.", "expected a digit after the decimal point"},
            {"1e", "expected a digit in the exponent"},
            {"-", "expected a digit"},
            {".5", "unexpected '.'"},
            {"NaN", "unexpected 'N'"},
            {"tru", "unexpected 't'"},
            {"\"abc", "unterminated string"},
            {"\"a\nb\"", "raw control character U+000A"},
            {"\"\\x\"", "invalid escape '\\x'"},
            {"\"\\u12zz\"", "invalid hex digit"},
            {"\"\\u12", "incomplete \\u escape"},
            {"\"\\u１２３４\"", "invalid hex digit"},
            {"1 2", "unexpected '2' after the JSON value"},
            {"// c\n1", "unexpected '/'"},
            {"{\"a\":1,\"a\":2}", "duplicate key \"a\""},
            {"1e400", "out of range"},
        };
        for (String[] c : cases) {
            Json.JsonException e = assertThrows(Json.JsonException.class, () -> Json.parse(c[0]), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
        }
    }

    @Test
    void errorsGiveLineColumnAndOffset() {
        Json.JsonException e = assertThrows(Json.JsonException.class, () -> Json.parse("{\n  \"a\": tru\n}"));
        assertEquals("unexpected 't', expected a value at line 2, column 8 (offset 9)", e.getMessage());
        assertEquals(9, e.offset());
    }

    @Test
    void depthLimit() {
        assertEquals(List.of(List.of()), Json.parse("[[]]", 2));
        Json.JsonException e = assertThrows(Json.JsonException.class, () -> Json.parse("[[[]]]", 2));
        assertTrue(e.getMessage().contains("nested deeper than 2"), e.getMessage());
        assertThrows(Json.JsonException.class, () -> Json.parse("[".repeat(1_000_000)));
    }

    @Test
    void writesCompactAndPretty() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "mobilenet_v2");
        m.put("top5", List.of(1, 2L));
        m.put("score", 0.5);
        m.put("ok", true);
        m.put("none", null);
        m.put("shape", new int[] {3, 224});
        m.put("empty", Map.of());
        assertEquals("{\"name\":\"mobilenet_v2\",\"top5\":[1,2],\"score\":0.5,\"ok\":true,\"none\":null,"
                + "\"shape\":[3,224],\"empty\":{}}", Json.write(m));
        Map<String, Object> pretty = new LinkedHashMap<>();
        pretty.put("a", List.of(1, 2));
        pretty.put("b", Map.of());
        assertEquals("{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}", Json.writePretty(pretty));
    }

    @Test
    void escapesStrings() {
        assertEquals("\"q\\\" b\\\\ n\\n t\\t c\\u0001 é 😀 lone\\ud800\"",
                Json.write("q\" b\\ n\n t\t c\u0001 é 😀 lone\uD800"));
        String tricky = "a\"\\\b\f\n\r\t\u0000\u001f\u007f\u2028é😀\uDC00x";
        assertEquals(tricky, Json.parse(Json.write(tricky)));
    }

    @Test
    void floatsRoundTrip() {
        Random random = new Random(1);
        for (int i = 0; i < 10_000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                continue;
            }
            assertEquals(d, (double) Json.parse(Json.write(d)), 0.0);
            float f = (float) random.nextGaussian() * (float) Math.pow(10, random.nextInt(60) - 30);
            assertEquals(f, ((Number) Json.parse(Json.write(f))).floatValue(), 0f);
        }
        assertEquals("1.0E-5", Json.write(1e-5));
        assertEquals("0.1", Json.write(0.1f));
    }

    @Test
    void refusesWhatJsonCannotExpress() {
        assertThrows(Json.JsonException.class, () -> Json.write(Double.NaN));
        assertThrows(Json.JsonException.class, () -> Json.write(Float.POSITIVE_INFINITY));
        assertThrows(Json.JsonException.class, () -> Json.write(Map.of(1, "x")));
        assertThrows(Json.JsonException.class, () -> Json.write(new Object()));
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        assertThrows(Json.JsonException.class, () -> Json.write(cycle));
    }
}
