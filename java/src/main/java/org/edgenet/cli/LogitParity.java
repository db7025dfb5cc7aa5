package org.edgenet.cli;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * edgenet's definition of correct, applied to every engine before it is timed: the same top-5 as
 * PyTorch and max |Δlogit| <= 1e-4 · max|logit|.
 */
final class LogitParity {
    static final double RELATIVE_BOUND = 1e-4;

    private LogitParity() {}

    /**
     * Returns the largest |Δlogit| as a share of the bound (at most 1), or throws naming the engine
     * and by how much it missed.
     */
    static double check(float[] reference, float[] actual, String what) {
        if (reference.length != actual.length) {
            throw new IllegalStateException(what + " gives " + actual.length + " logits, PyTorch " + reference.length);
        }
        double maxAbs = 0, maxDiff = 0;
        for (int i = 0; i < reference.length; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(reference[i]));
            double d = Math.abs((double) reference[i] - actual[i]);
            maxDiff = d > maxDiff || Double.isNaN(d) ? d : maxDiff;
        }
        if (!(maxAbs > 0)) {
            throw new IllegalStateException(what + ": PyTorch's logits are all zero, nothing to compare");
        }
        double share = maxDiff / (RELATIVE_BOUND * maxAbs);
        if (!(share <= 1)) {
            throw new IllegalStateException(String.format(java.util.Locale.ROOT,
                    "%s disagrees with PyTorch: max |Δlogit| %.3g is %.1fx the bound 1e-4·max|logit|; not timing it",
                    what, maxDiff, share));
        }
        int[] want = top5(reference), got = top5(actual);
        if (!Arrays.equals(want, got)) {
            throw new IllegalStateException(what + " disagrees with PyTorch: top-5 " + Arrays.toString(got)
                    + ", PyTorch " + Arrays.toString(want) + "; not timing it");
        }
        return share;
    }

    /** Indices of the five largest logits, best first, ties to the lower index. */
    static int[] top5(float[] v) {
        return IntStream.range(0, v.length).boxed()
                .sorted((a, b) -> v[a] != v[b] ? Float.compare(v[b], v[a]) : Integer.compare(a, b))
                .limit(5).mapToInt(Integer::intValue).toArray();
    }
}
