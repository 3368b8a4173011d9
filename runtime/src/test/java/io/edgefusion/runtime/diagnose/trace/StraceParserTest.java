package io.edgefusion.runtime.diagnose.trace;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Lines captured from Debian's strace 6.1 ({@code -f -y -v -s 4096}) on this machine, some cut by hand as -f cuts them. */
class StraceParserTest {
    @Test
    void openatFoundAndMissingWithTheFdPathAndErrno() {
        var p = StraceParser.parse(List.of(
                "13970 openat(AT_FDCWD</tmp>, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC) = 3</etc/ld.so.cache>",
                "13970 openat(AT_FDCWD</tmp>, \"/nonexist\", O_RDONLY) = -1 ENOENT (No such file or directory)",
                "13970 +++ exited with 1 +++"));
        assertThat(p.events()).containsExactly(
                new TraceEvent(13970, "openat", Op.OPEN, "/etc/ld.so.cache", false,
                        new CallResult.Found("/etc/ld.so.cache", null)),
                new TraceEvent(13970, "openat", Op.OPEN, "/nonexist", false, new CallResult.Failed("ENOENT")));
        assertThat(p.skippedLines()).isEqualTo(1);
    }

    @Test
    void anFstatOfTheReturnedFdGivesTheOpenItsIdentity() {
        var p = StraceParser.parse(List.of(
                "13970 openat(AT_FDCWD</tmp>, \"/etc/hostname\", O_RDONLY) = 3</etc/hostname>",
                "13970 newfstatat(3</etc/hostname>, \"\", {st_dev=makedev(0xfe, 0), st_ino=612, st_mode=S_IFREG|0755,"
                        + " st_atime=1792201761 /* 2026-10-17T01:49:21+0000 */, st_atime_nsec=0}, AT_EMPTY_PATH) = 0",
                "13970 fstat(1</dev/null>, {st_dev=makedev(0, 0x6), st_ino=3}) = 0"));
        assertThat(p.events()).singleElement().extracting(TraceEvent::result)
                .isEqualTo(new CallResult.Found("/etc/hostname", new FileId(254, 0, 612)));
        assertThat(p.skippedLines()).as("stdout's fstat: an fd this trace never saw opened").isEqualTo(1);
    }

    @Test
    void statxAndNewfstatatCarryDeviceAndInode() {
        var p = StraceParser.parse(List.of(
                "14030 statx(AT_FDCWD</tmp>, \"/etc/passwd\", AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW, STATX_ALL,"
                        + " {stx_mask=STATX_ALL|STATX_MNT_ID, stx_ino=2147504, stx_size=2, stx_atime={tv_sec=1, tv_nsec=2}"
                        + " /* 2026-12-02T20:16:51.806965469+0000 */, stx_rdev_major=0, stx_rdev_minor=0,"
                        + " stx_dev_major=254, stx_dev_minor=3, stx_mnt_id=0x1b}) = 0",
                "14030 statx(AT_FDCWD</tmp>, \"/nonexist\", AT_STATX_SYNC_AS_STAT, STATX_ALL, 0x7ffeb3472f90)"
                        + " = -1 ENOENT (No such file or directory)",
                "13984 newfstatat(AT_FDCWD</tmp>, \"/etc/os-release\", {st_dev=makedev(0xfe, 0), st_ino=720,"
                        + " st_mode=S_IFLNK|0777}, AT_SYMLINK_NOFOLLOW) = 0"));
        assertThat(p.events()).extracting(TraceEvent::op).containsOnly(Op.STAT);
        assertThat(p.events()).extracting(TraceEvent::result).containsExactly(
                new CallResult.Found(null, new FileId(254, 3, 2147504)),
                new CallResult.Failed("ENOENT"),
                new CallResult.Found(null, new FileId(254, 0, 720)));
    }

    @Test
    void unfinishedAndResumedHalvesOfOneCallAreJoinedPerPid() {
        var p = StraceParser.parse(List.of(
                "200 openat(AT_FDCWD</>, \"/etc/a\", O_RDONLY <unfinished ...>",
                "201 newfstatat(AT_FDCWD</>, \"/etc/b\",  <unfinished ...>",
                "201 <... newfstatat resumed>{st_dev=makedev(0x8, 0x1), st_ino=42}, 0) = 0",
                "200 <... openat resumed>) = -1 EACCES (Permission denied)",
                "202 <... openat resumed>) = 4</x>"));
        assertThat(p.events()).containsExactly(
                new TraceEvent(201, "newfstatat", Op.STAT, "/etc/b", false,
                        new CallResult.Found(null, new FileId(8, 1, 42))),
                new TraceEvent(200, "openat", Op.OPEN, "/etc/a", false, new CallResult.Failed("EACCES")));
        assertThat(p.skippedLines()).as("a resumed half whose start was before the attach").isEqualTo(1);
    }

    @Test
    void quotedPathsWithEscapesAndFdPathsWithAnEscapedBracket() {
        var p = StraceParser.parse(List.of(
                "14022 openat(AT_FDCWD</tmp>, \"/tmp/t/a\\\"b>c\\nd \\303\\251, e\", O_RDONLY)"
                        + " = 3</tmp/t/a\\\"b\\76c\\nd \\303\\251, e>",
                "14023 openat(AT_FDCWD</>, \"/very/long\"..., O_RDONLY) = -1 ENOENT (No such file or directory)"));
        TraceEvent e = p.events().getFirst();
        assertThat(e.path()).isEqualTo("/tmp/t/a\"b>c\nd é, e");
        assertThat(e.result()).isEqualTo(new CallResult.Found("/tmp/t/a\"b>c\nd é, e", null));
        assertThat(p.events().get(1).truncated()).isTrue();
    }

    @Test
    void openat2AndARelativePathUnderADirectoryFd() {
        var p = StraceParser.parse(List.of(
                "14040 openat2(AT_FDCWD</tmp>, \"/etc/hostname\", {flags=O_RDONLY, resolve=RESOLVE_IN_ROOT}, 24)"
                        + " = -1 ENOENT (No such file or directory)",
                "14041 openat(5</usr/lib>, \"os-release\", O_RDONLY|O_CLOEXEC) = 3</usr/lib/os-release>",
                "14041 openat(AT_FDCWD</home/x>, \"rel/file\", O_RDONLY) = 4</home/x/rel/file>"));
        assertThat(p.events()).extracting(TraceEvent::syscall, TraceEvent::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple("openat2", "/etc/hostname"),
                org.assertj.core.groups.Tuple.tuple("openat", "/usr/lib/os-release"),
                org.assertj.core.groups.Tuple.tuple("openat", "rel/file"));
        assertThat(p.events().getFirst().result()).isEqualTo(new CallResult.Failed("ENOENT"));
    }

    @Test
    void execveAndConnectToUnixAndInetAddresses() {
        var p = StraceParser.parse(List.of(
                "9 execve(\"/usr/local/bin/cat\", [\"cat\", \"/x\"], [\"PATH=/bin\"]) = -1 ENOENT (No such file or directory)",
                "9 execve(\"/bin/cat\", [\"cat\", \"/x\"], [\"A=\\\"), (\"]) = 0",
                "9 connect(3<socket:[52947]>, {sa_family=AF_INET, sin_port=htons(9), sin_addr=inet_addr(\"127.0.0.1\")},"
                        + " 16) = -1 ECONNREFUSED (Connection refused)",
                "9 connect(4<socket:[52948]>, {sa_family=AF_UNIX, sun_path=\"/run/x.sock\"}, 110) = 0",
                "9 connect(5<socket:[1]>, {sa_family=AF_INET6, sin6_port=htons(80), sin6_flowinfo=htonl(0),"
                        + " inet_pton(AF_INET6, \"::1\", &sin6_addr), sin6_scope_id=0}, 28) = -1 ENETUNREACH (Network is unreachable)",
                "9 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=10, si_status=0} ---"));
        assertThat(p.events()).extracting(TraceEvent::op, TraceEvent::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Op.EXEC, "/usr/local/bin/cat"),
                org.assertj.core.groups.Tuple.tuple(Op.EXEC, "/bin/cat"),
                org.assertj.core.groups.Tuple.tuple(Op.CONNECT, "AF_INET 127.0.0.1:9"),
                org.assertj.core.groups.Tuple.tuple(Op.CONNECT, "/run/x.sock"),
                org.assertj.core.groups.Tuple.tuple(Op.CONNECT, "AF_INET6 [::1]:80"));
        assertThat(p.events().get(1).result()).isEqualTo(new CallResult.Found("/bin/cat", null));
        assertThat(p.events().get(2).result()).isEqualTo(new CallResult.Failed("ECONNREFUSED"));
    }

    @Test
    void aCallWhoseEndWasNotSeenIsUnknown() {
        var p = StraceParser.parse(List.of("7 execve(\"/bin/sh\", [\"sh\"], []) = ?",
                "7 attach: ptrace(PTRACE_SEIZE, 7): Operation not permitted", "garbage"));
        assertThat(p.events()).singleElement().extracting(TraceEvent::result).isEqualTo(new CallResult.Unknown());
        assertThat(p.skippedLines()).isEqualTo(2);
    }

    @Test
    void theHelpersOwnCallsBeforeTheWorkloadsFirstExecveAreDropped() {
        var p = StraceParser.parse(List.of(
                "50 openat(AT_FDCWD</>, \"/proc/self/fd\", O_RDONLY|O_DIRECTORY) = 3</proc/50/fd>",
                "50 execve(\"/usr/local/sbin/ls\", [\"ls\"], []) = -1 ENOENT (No such file or directory)",
                "50 execve(\"/bin/ls\", [\"ls\"], []) = 0",
                "50 openat(AT_FDCWD</>, \"/lib\", O_RDONLY|O_DIRECTORY) = 3</lib>"));
        assertThat(StraceRunner.fromFirstExec(p.events(), 50)).extracting(TraceEvent::path)
                .containsExactly("/usr/local/sbin/ls", "/bin/ls", "/lib");
    }
}
