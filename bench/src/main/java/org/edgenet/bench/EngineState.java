package org.edgenet.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.TearDown;

/** A kernel benchmark's state: whatever engine its setup selected is undone after the trial. */
public abstract class EngineState {
    @TearDown(Level.Trial)
    public void restoreEngines() {
        Engines.reset();
    }
}
