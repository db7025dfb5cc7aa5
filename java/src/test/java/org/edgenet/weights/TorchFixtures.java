package org.edgenet.weights;

import java.nio.file.Path;
import org.edgenet.testing.Python;

/** Runs models/make_weight_fixtures.py once per test JVM (skipped without torch, failed under CI=true). */
final class TorchFixtures {
    private static Path dir;

    private TorchFixtures() {}

    static synchronized Path dir() throws Exception {
        if (dir == null) {
            Path out = Python.workDir("weights");
            Python.run("make_weight_fixtures.py", out.toString());
            dir = out;
        }
        return dir;
    }
}
