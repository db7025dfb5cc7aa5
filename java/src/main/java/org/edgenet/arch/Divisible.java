package org.edgenet.arch;

/** torchvision's _make_divisible: round channel counts to a multiple of the divisor, never down by > 10%. */
final class Divisible {
    private Divisible() {}

    static int make(double value, int divisor) {
        int rounded = Math.max(divisor, (int) (value + divisor / 2.0) / divisor * divisor);
        if (rounded < 0.9 * value) {
            rounded += divisor;
        }
        return rounded;
    }
}
