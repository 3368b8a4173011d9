package io.edgefusion.oci.e2e;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or a generous deadline passes (a bound against hangs, not a timing claim). */
public final class Wait {
    public static final Duration DEADLINE = Duration.ofSeconds(60);

    private Wait() {
    }

    public static void until(String what, BooleanSupplier condition) {
        if (!within(DEADLINE, what, condition)) {
            throw new AssertionError("gave up waiting after " + DEADLINE + " for " + what);
        }
    }

    /** Whether the condition came to hold within {@code limit}. */
    public static boolean within(Duration limit, String what, BooleanSupplier condition) {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            try {
                // A short pause between polls; the condition, not this pause, decides when we go on.
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
        return true;
    }
}
