package org.edgenet.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.edgenet.Backend;

/** Parsing of option values shared by the commands. */
final class Options {
    private Options() {}

    static Backend backend(String name) {
        try {
            return Backend.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("--backend must be native or java, got '" + name + "'");
        }
    }

    /** "native,java" -> [NATIVE, JAVA]. */
    static List<Backend> backends(String list) {
        List<Backend> out = new ArrayList<>();
        for (String part : list.split(",")) {
            Backend b = backend(part);
            if (out.contains(b)) {
                throw new Args.UsageException("--backend lists " + part + " twice");
            }
            out.add(b);
        }
        return out;
    }
}
