package io.edgefusion.runtime.diagnose.trace;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TraceComparisonTest {
    private static TraceEvent open(String path, CallResult r) {
        return new TraceEvent(1, "openat", Op.OPEN, path, false, r);
    }

    private static TraceEvent stat(String path, CallResult r) {
        return new TraceEvent(1, "statx", Op.STAT, path, false, r);
    }

    private static CallResult found(String resolved) {
        return new CallResult.Found(resolved, null);
    }

    private static CallResult err(String errno) {
        return new CallResult.Failed(errno);
    }

    @Test
    void eachKindOfDifference() {
        List<TraceEvent> in = List.of(
                open("/only-host", err("ENOENT")),
                open("/only-box", found("/only-box")),
                open("/secret", err("EACCES")),
                open("/same", found("/same")),
                stat("/etc/hostname", new CallResult.Found(null, new FileId(0, 41, 7))),
                open("/etc/os-release", found("/usr/lib/os-release")),
                open("/dev/x", err("ENXIO")),
                open("/a", err("ENOENT")),
                open("/inside-only", found("/inside-only")));
        List<TraceEvent> out = List.of(
                open("/only-host", found("/only-host")),
                open("/only-box", err("ENOTDIR")),
                open("/secret", found("/secret")),
                open("/same", found("/same")),
                stat("/etc/hostname", new CallResult.Found(null, new FileId(254, 0, 612))),
                open("/etc/os-release", found("/etc/os-release")),
                open("/dev/x", err("ENODEV")),
                open("/a", err("ENOENT")),
                open("/outside-only", err("ENOENT")));
        TraceComparison.Report r = TraceComparison.compare(in, out);
        assertThat(r.differences()).extracting(PathDifference::path, PathDifference::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/only-host", DifferenceKind.MISSING_INSIDE),
                org.assertj.core.groups.Tuple.tuple("/only-box", DifferenceKind.MISSING_OUTSIDE),
                org.assertj.core.groups.Tuple.tuple("/secret", DifferenceKind.DENIED_INSIDE),
                org.assertj.core.groups.Tuple.tuple("/etc/hostname", DifferenceKind.DIFFERENT_TARGET),
                org.assertj.core.groups.Tuple.tuple("/etc/os-release", DifferenceKind.DIFFERENT_TARGET),
                org.assertj.core.groups.Tuple.tuple("/dev/x", DifferenceKind.DIFFERENT_ERRORS));
        assertThat(r.same()).isEqualTo(2);
        assertThat(r.unverified()).as("/same: found on both sides, no identity").isOne();
        assertThat(r.onlyInside()).extracting(PathOutcome::path).containsExactly("/inside-only");
        assertThat(r.onlyOutside()).extracting(PathOutcome::path).containsExactly("/outside-only");
    }

    @Test
    void theSameFileByIdentityIsNoDifferenceWhateverItsFdPath() {
        FileId id = new FileId(254, 0, 612);
        var r = TraceComparison.compare(List.of(open("/data/x", new CallResult.Found("/data/x", id))),
                List.of(open("/data/x", new CallResult.Found("/srv/data/x", id))));
        assertThat(r.differences()).isEmpty();
        assertThat(r.same()).isOne();
        assertThat(r.unverified()).isZero();
    }

    @Test
    void aProcRootPrefixIsStrippedAndReported() {
        var viaProc = TraceComparison.compare(List.of(open("/etc/passwd", found("/etc/passwd"))),
                List.of(open("/proc/4242/root/etc/passwd", found("/proc/4242/root/etc/passwd"))));
        assertThat(viaProc.differences()).singleElement().satisfies(d -> {
            assertThat(d.path()).isEqualTo("/etc/passwd");
            assertThat(d.kind()).isEqualTo(DifferenceKind.PROC_ROOT_PREFIX);
        });
        var fdView = TraceComparison.compare(List.of(open("/etc/passwd", found("/proc/77/root/etc/passwd"))),
                List.of(open("/etc/passwd", found("/etc/passwd"))));
        assertThat(fdView.differences()).singleElement().extracting(PathDifference::kind)
                .isEqualTo(DifferenceKind.PROC_ROOT_PREFIX);
    }

    @Test
    void theFirstSuccessDecidesAndCutOrUnfinishedCallsAreNotCompared() {
        var r = TraceComparison.compare(
                List.of(open("/x", err("ENOENT")), open("/x", found("/x")),
                        new TraceEvent(1, "openat", Op.OPEN, "/cut", true, err("ENOENT")),
                        open("/lost", new CallResult.Unknown())),
                List.of(open("/x", found("/x")), new TraceEvent(1, "openat", Op.OPEN, "/cut", true, found("/cut")),
                        open("/lost", found("/lost"))));
        assertThat(r.differences()).isEmpty();
        assertThat(r.same()).isOne();
        assertThat(r.onlyOutside()).extracting(PathOutcome::path).containsExactly("/lost");
    }

    @Test
    void callsOfAnotherKindOnTheSamePathAreComparedApart() {
        var r = TraceComparison.compare(List.of(stat("/bin/sh", found(null))),
                List.of(open("/bin/sh", err("ENOENT"))));
        assertThat(r.differences()).isEmpty();
        assertThat(r.onlyInside()).hasSize(1);
        assertThat(r.onlyOutside()).hasSize(1);
    }
}
