package io.edgefusion.runtime.diagnose.throttling;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The GC side of a diagnosis, read from the workload's log: which runtime spoke, its pauses on the monotonic
 * clock, and how many threads it runs in parallel.
 *
 * @param runtime     {@code go}, {@code jvm} or {@code none} (no GC lines: tracing off, or not a Go/JVM program)
 * @param procs       Go: the P count of the last line (GOMAXPROCS); JVM: active processors from gc+init
 * @param gcThreads   JVM: parallel GC workers from gc+init (absent for Serial)
 */
public record GcEvents(String runtime, List<GcPause> pauses, OptionalInt procs, OptionalInt gcThreads) {
    public GcEvents {
        pauses = List.copyOf(pauses);
    }

    /** The threads that do a pause's work: what must fit in the quota. */
    public OptionalInt parallelism() {
        if (procs.isEmpty()) {
            return gcThreads;
        }
        return OptionalInt.of(Math.max(procs.getAsInt(), gcThreads.orElse(0)));
    }

    /**
     * The most parallelism that still fits {@code quotaCpus}: ceil(quota), but never below Go 1.25's own floor of
     * two Ps (with one, the GC's dedicated 25 % worker would take the mutator's only P).
     */
    public int fits(double quotaCpus) {
        int ceil = (int) Math.ceil(quotaCpus - 1e-9);
        return runtime.equals("go") ? Math.max(2, ceil) : Math.max(1, ceil);
    }

    public static GcEvents read(List<LogLine> lines, ClockMap clock) {
        List<GoGcTrace.Cycle> cycles = new ArrayList<>();
        List<Long> logged = new ArrayList<>();
        List<GcPause> jvm = new ArrayList<>();
        OptionalInt cpus = OptionalInt.empty();
        OptionalInt workers = OptionalInt.empty();
        for (LogLine l : lines) {
            var go = GoGcTrace.parse(l.text());
            if (go.isPresent()) {
                cycles.add(go.get());
                logged.add(l.epochMillis());
                continue;
            }
            var e = JvmGcLog.parse(l.text());
            if (e.isEmpty()) {
                continue;
            }
            switch (e.get()) {
                case JvmGcLog.Pause p -> jvm.add(p.on(clock));
                case JvmGcLog.Cpus c -> cpus = OptionalInt.of(c.available());
                case JvmGcLog.Workers w -> workers = OptionalInt.of(w.parallel());
            }
        }
        if (!cycles.isEmpty()) {
            return new GcEvents("go", GoGcTrace.pauses(cycles, logged, clock),
                    OptionalInt.of(cycles.getLast().procs()), OptionalInt.empty());
        }
        if (!jvm.isEmpty() || cpus.isPresent()) {
            return new GcEvents("jvm", jvm, cpus, workers);
        }
        return new GcEvents("none", List.of(), OptionalInt.empty(), OptionalInt.empty());
    }
}
