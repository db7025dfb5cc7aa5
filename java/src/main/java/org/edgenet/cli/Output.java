package org.edgenet.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.edgenet.Prediction;
import org.edgenet.util.Json;

/** Text and JSON renderings of results. */
final class Output {
    private Output() {}

    static void printTop(PrintStream out, Prediction p) {
        int rank = 1;
        for (Prediction.Entry e : p.top()) {
            out.printf(Locale.ROOT, "  %d. %4d %-32s %7.4f  (logit %.4f)%n", rank++, e.index(), e.label(),
                    e.probability(), e.logit());
        }
    }

    static Map<String, Object> entry(String input, Prediction p) {
        List<Object> top = new ArrayList<>();
        for (Prediction.Entry e : p.top()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", e.index());
            m.put("label", e.label());
            m.put("probability", (double) e.probability());
            m.put("logit", (double) e.logit());
            top.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input", input);
        m.put("top", top);
        return m;
    }

    static String json(Object value) {
        return Json.write(value);
    }
}
