package org.edgenet.weights;

/**
 * Caps the float values a file may expand to. Views may legitimately share storage or repeat it
 * (stride 0), so a small hostile file could otherwise ask for gigabytes; real state dicts stay far
 * below twice the file's size.
 */
final class ElementBudget {
    private final long limit;
    private long used;

    private ElementBudget(long limit) {
        this.limit = limit;
    }

    /** Twice the file's size in elements, plus 16 Mi elements of slack for tiny files. */
    static ElementBudget forFileOfSize(long bytes) {
        return new ElementBudget(2 * bytes + (1L << 24));
    }

    void charge(String tensorName, long elements, String location) throws WeightsFormatException {
        used += elements;
        if (used > limit) {
            throw new WeightsFormatException("tensor '" + tensorName + "' brings the values to load to " + used
                    + ", more than " + limit + " (twice the file size plus 16 Mi): views expand or repeat the"
                    + " stored data implausibly", location);
        }
    }
}
