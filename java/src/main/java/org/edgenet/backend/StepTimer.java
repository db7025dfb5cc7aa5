package org.edgenet.backend;

/** Per-step wall time for {@link Executor#run(org.edgenet.Tensor, long[])}. */
final class StepTimer {
    private StepTimer() {}

    /** Records the time since start as step i and returns now, the next step's start. */
    static long lap(long[] stepNanos, int i, long start) {
        long now = System.nanoTime();
        stepNanos[i] = now - start;
        return now;
    }
}
