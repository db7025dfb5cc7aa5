package org.edgenet.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.IntStream;

/** The definition of correct: identical top-5 and max |Δlogit| <= 1e-4 · max|logit| against PyTorch. */
public final class Parity {
    public static final double RELATIVE_TOLERANCE = 1e-4;

    private Parity() {}

    public static void assertMatches(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": logit count");
        double maxAbs = 0, maxDiff = 0;
        int worst = -1;
        for (int i = 0; i < expected.length; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(expected[i]));
            double d = Math.abs(expected[i] - actual[i]);
            if (!(d <= maxDiff)) {  // also catches NaN
                maxDiff = d;
                worst = i;
            }
        }
        assertTrue(maxAbs > 0, what + ": reference logits are all zero");
        double bound = RELATIVE_TOLERANCE * maxAbs;
        assertTrue(maxDiff <= bound, String.format("%s: max |Δlogit| = %.3g at class %d (%.6f vs %.6f), bound %.3g",
                what, maxDiff, worst, worst < 0 ? 0 : expected[worst], worst < 0 ? 0 : actual[worst], bound));
        assertArrayEquals(top(expected, 5), top(actual, 5), what + ": top-5 differs");
    }

    /** Indices of the k largest values, best first (ties to the lower index). */
    public static int[] top(float[] v, int k) {
        return IntStream.range(0, v.length).boxed()
                .sorted((a, b) -> v[a] != v[b] ? Float.compare(v[b], v[a]) : Integer.compare(a, b))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    public static String describe(float[] v) {
        return Arrays.toString(top(v, 5));
    }
}
