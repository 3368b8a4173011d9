package io.edgefusion.runtime.diagnose.throttling;

/** One reading of the wall clock and the monotonic clock taken together: converts wall times to monotonic. */
public record ClockMap(long epochNanos, long monoNanos) {
    public static ClockMap now() {
        java.time.Instant w = java.time.Instant.now();
        long m = System.nanoTime();
        return new ClockMap(w.getEpochSecond() * 1_000_000_000L + w.getNano(), m);
    }

    public long mono(long epochNanosAt) {
        return epochNanosAt - epochNanos + monoNanos;
    }
}
