package io.edgefusion.runtime.diagnose.throttling;

import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The result of {@code diagnose throttling}.
 *
 * @param target     what was asked for, as given
 * @param sandbox    the sandbox id, null for {@code --pid}
 * @param pid        the process whose cgroup was watched
 * @param cgroup     that cgroup's path
 * @param quotaCpus  the CPU quota (tightest over the ancestry), empty when none
 * @param periodNanos the CFS period
 * @param fits       the most parallelism that fits the quota (0 with no quota)
 */
public record ThrottlingDiagnosis(String target, String sandbox, long pid, String cgroup, OptionalDouble quotaCpus,
                                  long periodNanos, GcEvents gc, int fits, Correlation correlation, Verdict verdict,
                                  ClockMap clock, boolean pressureAvailable) {

    public OptionalInt parallelism() {
        return gc.parallelism();
    }

    /** What to change, in a sentence. */
    public String advice() {
        String q = quotaCpus.isPresent() ? fmt(quotaCpus.getAsDouble()) : "none";
        return switch (verdict) {
            case OVERSUBSCRIBED -> (gc.runtime().equals("jvm")
                    ? "lower -XX:ActiveProcessorCount / -XX:ParallelGCThreads to " + fits
                    : "lower GOMAXPROCS to " + fits) + " (the quota is " + q + " CPUs; leave ergonomics on), or"
                    + " raise --cpus to at least " + parallelism().orElse(fits);
            case AT_QUOTA -> "the runtime's parallelism already fits the quota of " + q + " CPUs; raise --cpus";
            case NOT_THE_CAUSE -> gc.runtime().equals("none")
                    ? "no GC lines in the log: run with --gc-trace (or gcTrace: true) to set pauses against throttling"
                    : "look elsewhere (allocation rate, heap size): throttling explains little of the pause time";
        };
    }

    static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
