package io.edgefusion.node.supervise;

import java.time.Duration;

/**
 * Runs work later: restarts after their backoff and health probes at their interval. The node's is
 * {@link ExecutorScheduler}; tests use one whose time they advance by hand.
 */
public interface Scheduler {
    /** Runs {@code task} once after {@code delay}; the handle cancels it if it has not run. */
    Cancellable schedule(Duration delay, Runnable task);

    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
