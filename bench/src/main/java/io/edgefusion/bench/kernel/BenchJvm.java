package io.edgefusion.bench.kernel;

/**
 * Options every benchmark fork needs. JMH starts each fork with {@code -cp benchmarks.jar}, so the jar's manifest
 * ({@code Enable-Native-Access}, {@code Add-Exports}) does not reach it: the forks get the flags from here.
 */
final class BenchJvm {
    /** KernelFiles and Libc are FFM downcalls; JdkMetricsBench reads jdk.internal.platform. */
    static final String NATIVE = "--enable-native-access=ALL-UNNAMED";
    static final String EXPORTS = "--add-exports=java.base/jdk.internal.platform=ALL-UNNAMED";

    private BenchJvm() {
    }
}
