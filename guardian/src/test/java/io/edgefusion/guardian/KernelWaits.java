package io.edgefusion.guardian;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting on a condition with a deadline (never a sleep standing in for an event). */
public final class KernelWaits {
    private KernelWaits() {
    }

    public static void until(String what, Duration deadline, BooleanSupplier cond) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(5); // a poll interval for a condition with no kernel notification, not a timing guess
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
