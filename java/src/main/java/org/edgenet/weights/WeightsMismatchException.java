package org.edgenet.weights;

/**
 * A weights file that was read fine but does not fit the architecture: a missing, extra or
 * mis-shaped tensor. The message names the key and both shapes.
 */
public class WeightsMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public WeightsMismatchException(String message) {
        super(message);
    }
}
