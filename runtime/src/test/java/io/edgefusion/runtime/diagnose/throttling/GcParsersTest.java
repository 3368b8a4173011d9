package io.edgefusion.runtime.diagnose.throttling;

import io.edgefusion.runtime.spec.GcTrace;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Go and JVM GC line parsers and GC tracing in an environment, on lines captured from real runs. */
class GcParsersTest {
    private static final String GO = "gc 272 @5.644s 2%: 0.061+9.5+0.029 ms clock, 0.12+0/5.6/0+0.058 ms cpu,"
            + " 29->50->36 MB, 34 MB goal, 0 MB stacks, 0 MB globals, 8 P";

    @Test
    void goLineGivesBothStopTheWorldPhasesAndThePCount() {
        GoGcTrace.Cycle c = GoGcTrace.parse(GO).orElseThrow();
        assertThat(c).isEqualTo(new GoGcTrace.Cycle(272, 5_644_000_000L, 61_000, 9_500_000, 29_000, 8));
        assertThat(GoGcTrace.parse("gc 3 @0.1s 1%: 0.01+0.2+0.03 ms clock, 0 ms cpu, 4->4->0 MB, 4 MB goal, 2 P (forced)"))
                .get().extracting(GoGcTrace.Cycle::procs).isEqualTo(2);
        assertThat(GoGcTrace.parse("scvg: 0 MB released")).isEmpty();
    }

    @Test
    void goPausesAreAnchoredOnTheLeastDelayedLine() {
        var a = GoGcTrace.parse("gc 1 @1.000s 1%: 1+10+2 ms clock, 0 ms cpu, 4->4->0 MB, 4 MB goal, 2 P").orElseThrow();
        var b = GoGcTrace.parse("gc 2 @2.000s 1%: 1+10+2 ms clock, 0 ms cpu, 4->4->0 MB, 4 MB goal, 2 P").orElseThrow();
        // the runtime started at epoch 100 s; line 1 logged 5 ms late, line 2 on time (its cycle ended at 2.013 s)
        ClockMap clock = new ClockMap(100_000_000_000L, 0);
        List<GcPause> p = GoGcTrace.pauses(List.of(a, b), List.of(101_018L, 102_013L), clock);
        assertThat(p).containsExactly(
                new GcPause(1, "sweep termination", 1_000_000_000L, 1_000_000),
                new GcPause(1, "mark termination", 1_011_000_000L, 2_000_000),
                new GcPause(2, "sweep termination", 2_000_000_000L, 1_000_000),
                new GcPause(2, "mark termination", 2_011_000_000L, 2_000_000));
    }

    @Test
    void jvmUnifiedLogPausesAndInitLines() {
        var pause = JvmGcLog.parse("[2026-12-03T11:49:08.100+0000] GC(3) Pause Young (Normal) (G1 Evacuation Pause)"
                + " 24M->3M(254M) 12.345ms").orElseThrow();
        assertThat(pause).isInstanceOf(JvmGcLog.Pause.class);
        JvmGcLog.Pause p = (JvmGcLog.Pause) pause;
        assertThat(p.gc()).isEqualTo(3);
        assertThat(p.label()).isEqualTo("Pause Young");
        assertThat(p.durationNanos()).isEqualTo(12_345_000);
        assertThat(p.endEpochNanos()).isEqualTo(java.time.Instant.parse("2026-12-03T11:49:08.100Z").toEpochMilli()
                * 1_000_000L);
        assertThat(JvmGcLog.parse("[2026-12-03T11:49:07.773+0000] CPUs: 2 total, 8 available"))
                .contains(new JvmGcLog.Cpus(2, 8));
        assertThat(JvmGcLog.parse("[2026-12-03T11:49:07.773+0000] Parallel Workers: 8"))
                .contains(new JvmGcLog.Workers(8));
        assertThat(JvmGcLog.parse("[2026-12-03T11:49:08.200+0000] GC(4) Pause Full (System.gc()) 5M->1M(20M) 3.000ms"))
                .get().extracting(e -> ((JvmGcLog.Pause) e).label()).isEqualTo("Pause Full");
        assertThat(JvmGcLog.parse("[2026-12-03T11:49:08.300+0000] GC(5) Concurrent Mark Cycle 40.1ms")).isEmpty();
        assertThat(JvmGcLog.parse("Picked up JAVA_TOOL_OPTIONS: -XX:ActiveProcessorCount=1")).isEmpty();
    }

    @Test
    void eventsTellTheRuntimeAndItsParallelism() {
        ClockMap clock = new ClockMap(0, 0);
        GcEvents jvm = GcEvents.read(List.of(new LogLine(0, "[2026-12-03T11:49:07.773+0000] CPUs: 2 total, 8 available"),
                new LogLine(0, "[2026-12-03T11:49:07.773+0000] Parallel Workers: 8")), clock);
        assertThat(jvm.runtime()).isEqualTo("jvm");
        assertThat(jvm.parallelism()).hasValue(8);
        assertThat(jvm.fits(0.5)).isEqualTo(1);
        GcEvents go = GcEvents.read(List.of(new LogLine(5_644, GO)), clock);
        assertThat(go.runtime()).isEqualTo("go");
        assertThat(go.parallelism()).hasValue(8);
        assertThat(go.fits(0.5)).isEqualTo(2);
        assertThat(go.fits(3.2)).isEqualTo(4);
        assertThat(GcEvents.read(List.of(new LogLine(0, "hello")), clock).runtime()).isEqualTo("none");
    }

    @Test
    void gcTraceMergesWithWhatIsSet() {
        assertThat(GcTrace.apply(Map.of())).containsEntry("GODEBUG", "gctrace=1")
                .containsEntry("JDK_JAVA_OPTIONS", "-Xlog:gc,gc+init:stderr:utctime");
        assertThat(GcTrace.apply(Map.of("GODEBUG", "madvdontneed=1"))).containsEntry("GODEBUG",
                "madvdontneed=1,gctrace=1");
        assertThat(GcTrace.apply(Map.of("GODEBUG", "gctrace=2,x=1"))).containsEntry("GODEBUG", "gctrace=1,x=1");
        assertThat(GcTrace.apply(Map.of("JDK_JAVA_OPTIONS", "-Xss1m"))).containsEntry("JDK_JAVA_OPTIONS",
                "-Xss1m -Xlog:gc,gc+init:stderr:utctime");
    }
}
