package org.edgenet.weights;

/**
 * A problem found while rebuilding a value from a pickle; the unpickler adds the byte position and
 * the file and turns it into a {@link WeightsFormatException}.
 */
final class InvalidPickleException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidPickleException(String problem) {
        super(problem, null, false, false);
    }
}
