package org.edgenet.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The latency chart of {@code bench --compare ort} as a hand-written SVG: one panel per thread
 * count, a group of bars per network (labelled with edgenet's peak activation memory), one colour
 * per engine, each bar's exact latency and % of FMA peak in its tooltip. The latency axis is logarithmic
 * because the pure-Java backend runs several times longer than the other two; equal ratios then
 * look equal whatever the network's size.
 */
final class LatencyChart {
    private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c"};  // by Engine ordinal
    private static final int BAR = 14, GROUP_GAP = 22, LEFT = 100, RIGHT = 20, TOP = 110, PLOT = 230, BELOW = 175;
    private static final int MIN_WIDTH = 640;

    private LatencyChart() {}

    static String svg(ComparisonResult result) {
        List<Integer> threadCounts = result.threadCounts();
        int groups = threadCounts.stream().mapToInt(t -> result.rows(t).size()).max().orElse(0);
        // Few networks: wider bars fill the minimum width rather than leave it empty.
        int width = Math.max(MIN_WIDTH, LEFT + groups * (Engine.values().length * BAR + GROUP_GAP) + RIGHT);
        int groupWidth = (width - LEFT - RIGHT) / Math.max(1, groups);
        int bar = (groupWidth - GROUP_GAP) / Engine.values().length;
        int panel = PLOT + BELOW;
        int height = TOP + threadCounts.size() * panel;
        double lo = Double.MAX_VALUE, hi = 0;
        for (ComparisonResult.Row r : result.rows()) {
            for (Engine e : Engine.values()) {
                lo = Math.min(lo, r.median(e));
                hi = Math.max(hi, r.median(e));
            }
        }
        LogAxis axis = new LogAxis(lo, hi);

        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width, height));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        text(s, LEFT, 22, "start", 15, "Latency per network, median (lower is better)");
        Machine m = result.machine();
        text(s, LEFT, 40, "start", 11, m.cpu() + ", edgenet " + m.isa() + ", ONNX Runtime " + m.ortVersion());
        text(s, LEFT, 55, "start", 11, "under each group: the network and edgenet's peak activation memory");
        legend(s, LEFT, 76);

        for (int p = 0; p < threadCounts.size(); p++) {
            int threads = threadCounts.get(p);
            int top = TOP + p * panel;
            int plotWidth = groups * groupWidth;
            text(s, LEFT + plotWidth / 2, top - 8, "middle", 13, threads + (threads == 1 ? " thread" : " threads"));
            for (double tick : axis.ticks()) {
                double y = top + axis.fromTop(tick) * PLOT;
                s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                        LEFT, y, LEFT + plotWidth, y));
                text(s, LEFT - 6, y + 4, "end", 11, LogAxis.label(tick));
            }
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                    LEFT, top, LEFT, top + PLOT));
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                    LEFT, top + PLOT, LEFT + plotWidth, top + PLOT));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\" "
                    + "transform=\"rotate(-90 %d %d)\">latency, ms (log scale)</text>%n",
                    LEFT - 52, top + PLOT / 2, LEFT - 52, top + PLOT / 2));
            List<ComparisonResult.Row> rows = result.rows(threads);
            for (int g = 0; g < rows.size(); g++) {
                ComparisonResult.Row r = rows.get(g);
                int x0 = LEFT + g * groupWidth + GROUP_GAP / 2;
                for (Engine e : Engine.values()) {
                    double v = r.median(e);
                    double y = top + axis.fromTop(v) * PLOT;
                    // The exact figures ride along as the bar's tooltip.
                    s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" "
                            + "fill=\"%s\"><title>%s, %s, %d thread%s: %.2f ms, %.1f%% of FMA peak</title></rect>%n",
                            x0 + e.ordinal() * bar, y, bar - 1, top + PLOT - y, COLOURS[e.ordinal()], escape(r.arch()),
                            escape(e.label), threads, threads == 1 ? "" : "s", v,
                            100 * r.peakShare(e, m.fmaPeakGflops())));
                }
                int cx = x0 + Engine.values().length * bar / 2;
                int ly = top + PLOT + 12;
                s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"11\" "
                        + "transform=\"rotate(-45 %d %d)\">%s, %.2f MiB</text>%n", cx, ly, cx, ly, escape(r.arch()),
                        r.peakActivationBytes() / 1048576.0));
            }
        }
        s.append("</svg>\n");
        return s.toString();
    }

    /** One row of colour swatches with the engines' names, from (x, y). */
    private static void legend(StringBuilder s, int x, int y) {
        for (Engine e : Engine.values()) {
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
                    x, y - 10, COLOURS[e.ordinal()]));
            text(s, x + 18, y, "start", 12, e.label);
            x += 30 + 7 * e.label.length();
        }
    }

    private static void text(StringBuilder s, double x, double y, String anchor, int size, String body) {
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
                x, y, anchor, size, escape(body)));
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** A base-10 logarithmic axis from the decade at or below lo to the one at or above hi. */
    record LogAxis(double min, double max) {
        LogAxis {
            if (!(min > 0) || !(max >= min) || Double.isInfinite(max)) {
                throw new IllegalArgumentException("latencies must be positive and finite: " + min + ".." + max);
            }
            double bottom = Math.pow(10, Math.floor(Math.log10(min)));
            double top = Math.pow(10, Math.ceil(Math.log10(max)));
            min = bottom;
            max = top > bottom ? top : bottom * 10;
        }

        /** Share of the axis height from the top at which value v lies. */
        double fromTop(double v) {
            return 1 - (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
        }

        /** 1, 2, 5 times each decade within the axis. */
        List<Double> ticks() {
            List<Double> out = new ArrayList<>();
            for (double decade = min; decade <= max * 1.0001; decade *= 10) {
                for (double f : new double[] {1, 2, 5}) {
                    if (decade * f <= max * 1.0001) {
                        out.add(decade * f);
                    }
                }
            }
            return out;
        }

        static String label(double v) {
            return v >= 1 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2g", v);
        }
    }
}
