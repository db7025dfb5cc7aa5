package org.edgenet.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A fixed set of daemon threads for the pure-Java backend: a range of independent outputs is cut
 * into one contiguous part per thread and the caller runs the first part itself.
 */
final class JavaParallel implements AutoCloseable {
    /** Work for outputs [begin, end). */
    interface RangeBody {
        void run(int begin, int end);
    }

    private final int threads;
    private final ExecutorService workers;

    JavaParallel(int threads) {
        this.threads = threads;
        this.workers = threads > 1 ? Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "edgenet-java-worker");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    void forRange(int n, RangeBody body) {
        int parts = Math.min(threads, n);
        if (parts <= 1) {
            body.run(0, n);
            return;
        }
        List<Future<?>> pending = new ArrayList<>(parts - 1);
        for (int part = 1; part < parts; part++) {
            int begin = (int) ((long) n * part / parts);
            int end = (int) ((long) n * (part + 1) / parts);
            pending.add(workers.submit(() -> body.run(begin, end)));
        }
        body.run(0, (int) ((long) n / parts));
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running a layer", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a worker thread failed", e.getCause());
            }
        }
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.shutdownNow();
        }
    }
}
