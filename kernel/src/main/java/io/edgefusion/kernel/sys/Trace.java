package io.edgefusion.kernel.sys;

/**
 * Start-up tracing for a short-lived CLI: with {@code EDGEFUSION_TRACE=1} each {@link #mark} prints the
 * milliseconds since the JVM started, so a slow phase of a cold command is visible without a profiler.
 */
public final class Trace {
    private static final boolean ON = System.getenv("EDGEFUSION_TRACE") != null;
    private static final long T0 = System.nanoTime();

    private Trace() {
    }

    public static void mark(String what) {
        if (ON) {
            // The process's age from its start time: java.management (the MXBean) would be one more module a
            // trimmed node has to carry for a trace line.
            long jvm = ProcessHandle.current().info().startInstant()
                    .map(t -> java.time.Duration.between(t, java.time.Instant.now()).toMillis()).orElse(-1L);
            io.edgefusion.kernel.log.LogTarget.current().printf("trace %6.1f ms (jvm %d ms) %s%n", (System.nanoTime() - T0) / 1e6, jvm, what);
        }
    }
}
