package org.edgenet.cli;

import java.util.Arrays;

/** The timed runs of one engine, in milliseconds. */
record Latencies(double[] millis) {
    Latencies {
        if (millis.length == 0) {
            throw new IllegalArgumentException("no timed runs");
        }
        millis = millis.clone();
        Arrays.sort(millis);
    }

    double median() {
        int n = millis.length;
        return n % 2 == 1 ? millis[n / 2] : (millis[n / 2 - 1] + millis[n / 2]) / 2;
    }

    /** Nearest rank: the smallest sample with at least a share q of the samples at or below it. */
    double quantile(double q) {
        int rank = (int) Math.ceil(q * millis.length);
        return millis[Math.max(0, Math.min(millis.length - 1, rank - 1))];
    }
}
