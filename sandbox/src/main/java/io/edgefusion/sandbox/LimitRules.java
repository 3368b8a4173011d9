package io.edgefusion.sandbox;

import io.edgefusion.kernel.sys.CpuSet;
import io.edgefusion.kernel.sys.KernelFiles;

import java.nio.file.Path;

/**
 * docker's rules for limits that depend on each other or on the host, stated once. Each takes the value as the
 * user wrote it ({@code shown}) so the one-line error quotes "--memory 1k", not the 1024 bytes it became; the
 * spec validator passes the numbers it holds.
 */
public final class LimitRules {
    /** docker's minimum memory limit: below it a runtime cannot even start. */
    public static final long MIN_MEMORY = 6L << 20;
    static final Path CPU_ONLINE = Path.of("/sys/devices/system/cpu/online");

    private LimitRules() {
    }

    /** {@code --memory}: at least 6 MiB, or -1 for none. */
    public static void memory(String shown, long bytes) {
        if (bytes >= 0 && bytes < MIN_MEMORY) {
            throw new IllegalArgumentException("--memory " + shown + ": below the minimum 6m");
        }
    }

    /** {@code --memory-reservation} is a soft limit under the hard one, so it cannot exceed {@code --memory}. */
    public static void reservation(String shown, long reservation, String memoryShown, long memory) {
        if (reservation >= 0 && memory >= 0 && reservation > memory) {
            throw new IllegalArgumentException("--memory-reservation " + shown + ": above --memory " + memoryShown
                    + " (a soft limit must not exceed the hard limit)");
        }
    }

    /** {@code --cpus}: positive and, as docker, no more than the CPUs the host has online. */
    public static void cpus(String shown, double cpus) {
        cpus(shown, cpus, onlineCpus());
    }

    static void cpus(String shown, double cpus, int hostCpus) {
        if (!(cpus > 0) || Double.isInfinite(cpus)) {
            throw new IllegalArgumentException("--cpus " + shown + ": must be a positive number of CPUs");
        }
        if (cpus > hostCpus) {
            throw new IllegalArgumentException("--cpus " + shown + ": the host has only " + hostCpus
                    + (hostCpus == 1 ? " CPU" : " CPUs"));
        }
    }

    /** The number of online CPUs ({@code /sys/devices/system/cpu/online}). */
    public static int onlineCpus() {
        return CpuSet.parse(KernelFiles.read(CPU_ONLINE), CPU_ONLINE).count();
    }

    /** A number as a user would have typed it: 99, 0.5. */
    static String shown(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
