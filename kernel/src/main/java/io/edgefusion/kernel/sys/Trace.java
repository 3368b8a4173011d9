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
            long jvm = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
            System.err.printf("trace %6.1f ms (jvm %d ms) %s%n", (System.nanoTime() - T0) / 1e6, jvm, what);
        }
    }
}
