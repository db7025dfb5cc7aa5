package org.edgenet.weights;

import java.io.IOException;

/**
 * A weights file that cannot be read: unknown format, truncated, damaged, or hostile (for example a
 * pickle that names a global other than the tensor-rebuild ones). The message names the problem and
 * where it was found.
 */
public class WeightsFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String problem;
    private final String location;

    /**
     * @param problem what is wrong, e.g. "pickle names the global 'os.system', which is not allowed"
     * @param location where, e.g. "at byte 2 of archive/data.pkl in /models/x.pth"; may be null
     */
    public WeightsFormatException(String problem, String location) {
        this(problem, location, null);
    }

    public WeightsFormatException(String problem, String location, Throwable cause) {
        super(location == null ? problem : problem + "; " + location, cause);
        this.problem = problem;
        this.location = location;
    }

    /** The problem without the location. */
    public String problem() {
        return problem;
    }

    /** Where the problem was found, or null. */
    public String location() {
        return location;
    }
}
