package io.edgefusion.sandbox;

import io.edgefusion.kernel.cgroup.CgroupFiles;
import io.edgefusion.kernel.cgroup.CgroupPaths;
import io.edgefusion.kernel.cgroup.Controller;
import io.edgefusion.kernel.cgroup.LimitSettings;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.spec.MountSpec;
import io.edgefusion.sandbox.spec.SandboxSpec;
import io.edgefusion.sandbox.spec.Seccomp;
import io.edgefusion.sandbox.spec.Security;
import io.edgefusion.sandbox.testing.CFixtures;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seccomp by default (issue 8, part 3), on the real kernel, rootful and --rootless: the filter is on, every call
 * the issue names fails inside, the limits-lifting attack no longer reaches the host's limits, and ordinary
 * workloads still run. The attacks are the C fixtures seccomp_probe.c and limits_lift.c.
 */
@KernelTest
class SandboxSeccompKernelTest {
    private static final long MIB = 1L << 20;
    private static final Security UNCONFINED = new Security(new Seccomp.Unconfined(), true, false);
    private final TestSandboxes ts = new TestSandboxes();

    @AfterEach
    void tearDown() {
        ts.close();
    }

    /** The fixtures, copied where a rootless sandbox (host uid 100000) can read them. */
    private MountSpec fixtures() throws Exception {
        Path dir = Files.createDirectories(ts.root().resolve("fx"));
        CFixtures.installInto("seccomp_probe", dir);
        CFixtures.installInto("limits_lift", dir);
        return new MountSpec.Bind(dir, "/fx", true);
    }

    private SandboxSpec spec(boolean rootless, String... cmd) throws Exception {
        return ts.spec(cmd).withMounts(List.of(fixtures())).withOptions(null, null, false, rootless, true, true);
    }

    @ParameterizedTest(name = "rootless={0}")
    @ValueSource(booleans = {false, true})
    void theDefaultFilterIsOnAndUnconfinedMeansNone(boolean rootless) throws Exception {
        TestSandboxes.Result on = ts.run(spec(rootless, "grep", "Seccomp", "/proc/self/status"));
        assertThat(on.out()).contains("Seccomp:\t2\n").contains("Seccomp_filters:\t1\n");
        TestSandboxes.Result off = ts.run(spec(rootless, "grep", "Seccomp", "/proc/self/status")
                .withSecurity(UNCONFINED));
        assertThat(off.out()).contains("Seccomp:\t0\n");
    }

    @ParameterizedTest(name = "rootless={0}")
    @ValueSource(booleans = {false, true})
    void eachCallTheIssueNamesFailsInside(boolean rootless) throws Exception {
        Process outside = new ProcessBuilder("sleep", "120").start();
        try {
            TestSandboxes.Result r = ts.run(spec(rootless, "/fx/seccomp_probe", Long.toString(outside.pid())));
            assertThat(r.exitCode()).as(r.out()).isZero();
            assertThat(r.out().lines()).contains("getpid: OK", "unshare-user: EPERM", "unshare-mount: EPERM",
                    "unshare-cgroup: EPERM", "mount: EPERM", "keyctl: EPERM", "add_key: EPERM", "bpf: EPERM",
                    "perf_event_open: EPERM", "userfaultfd: EPERM", "io_uring_setup: EPERM",
                    "open_by_handle_at: EPERM", "kexec_load: EPERM", "socket-vsock: EPERM", "clone3: ENOSYS",
                    // ptrace is allowed by the filter (as in docker, kernel >= 4.8); the outside pid is not there
                    "ptrace-attach-outside: ESRCH");
            assertThat(Files.readString(Path.of("/proc", Long.toString(outside.pid()), "status")))
                    .containsPattern("TracerPid:\\s+0\\n");

            // The same probe without the filter: calls only seccomp refused now go through.
            TestSandboxes.Result off = ts.run(spec(rootless, "/fx/seccomp_probe").withSecurity(UNCONFINED));
            assertThat(off.out().lines()).contains("unshare-user: OK", "keyctl: OK", "add_key: OK",
                    "io_uring_setup: OK", "clone3: OK");
        } finally {
            outside.destroyForcibly().waitFor();
        }
    }

    /** Rootful, the attack works without the filter (what the issue reproduced); the filter stops it. */
    @ParameterizedTest(name = "rootless={0}")
    @ValueSource(booleans = {false, true})
    void theLimitsLiftingAttackLeavesTheHostsLimitsUnchanged(boolean rootless) throws Exception {
        LimitSettings limits = LimitSettings.none().withMemory(64 * MIB).withPidsMax(64);
        SandboxSpec attack = spec(rootless, "/fx/limits_lift").withLimits(limits)
                .withOptions(null, null, false, rootless, true, false);
        Sandboxes sb = ts.sandboxes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Sandboxes.RunResult r = sb.run(attack, false, out);
        assertThat(out.toString()).startsWith("unshare user+mount+cgroup: EPERM\n");
        assertThat(r.exitCode()).isEqualTo(1);
        assertLimits(sb.cgroup(r.id()).paths(), "67108864", "64");
        sb.remove(r.id(), true);

        ByteArrayOutputStream open = new ByteArrayOutputStream();
        Sandboxes.RunResult u = sb.run(attack.withSecurity(UNCONFINED), false, open);
        if (rootless) {
            // The sandbox's cgroup files belong to host root, unmapped in its user namespace: the write fails.
            assertThat(open.toString()).contains("unshare user+mount+cgroup: OK").doesNotContain(
                    "write memory.limit_in_bytes: OK");
            assertThat(u.exitCode()).isEqualTo(1);
            assertLimits(sb.cgroup(u.id()).paths(), "67108864", "64");
        } else {
            assertThat(open.toString()).contains("write memory.limit_in_bytes: OK", "write pids.max: OK");
            assertThat(u.exitCode()).isZero();
            CgroupPaths p = sb.cgroup(u.id()).paths();
            assertThat(read(p, Controller.PIDS, CgroupFiles.PIDS_MAX)).isEqualTo("max");
        }
        sb.remove(u.id(), true);
    }

    private static void assertLimits(CgroupPaths p, String memory, String pids) throws Exception {
        assertThat(read(p, Controller.MEMORY, CgroupFiles.V1_MEMORY_LIMIT)).isEqualTo(memory);
        assertThat(read(p, Controller.PIDS, CgroupFiles.PIDS_MAX)).isEqualTo(pids);
    }

    private static String read(CgroupPaths p, Controller c, String file) throws Exception {
        return Files.readString(p.dirs().get(c).dir().resolve(file)).strip();
    }

    @ParameterizedTest(name = "rootless={0}")
    @ValueSource(booleans = {false, true})
    void aBusyboxPipelineWorksUnderTheFilter(boolean rootless) throws Exception {
        TestSandboxes.Result r = ts.run(spec(rootless, "sh", "-c",
                "echo hello world | tr a-z A-Z | sed s/WORLD/SECCOMP/; (sleep 0; echo sub) & wait;"
                        + " seq 1 1000 | sort -rn | head -1; mkdir -p /tmp/a/b && ls /tmp/a; date +%Y >/dev/null"));
        assertThat(r.exitCode()).as(r.out()).isZero();
        assertThat(r.out()).isEqualTo("HELLO SECCOMP\nsub\n1000\nb\n");
    }

    @Test
    void exec_intoARunningSandboxRunsUnderTheSameFilter() throws Exception {
        Sandboxes sb = ts.sandboxes();
        Sandboxes.RunResult r = sb.run(spec(false, "sleep", "60").withOptions(null, null, false, false, true, false),
                true, OutputStream.nullOutputStream());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(sb.exec(r.id(), List.of("sh", "-c", "grep Seccomp: /proc/self/status; /fx/seccomp_probe"),
                Map.of(), null, null, out)).isZero();
        assertThat(out.toString()).contains("Seccomp:\t2\n", "unshare-user: EPERM\n", "keyctl: EPERM\n");
        sb.remove(r.id(), true);
    }

    @Test
    void withoutNoNewPrivilegesTheFilterIsStillInstalled() throws Exception {
        TestSandboxes.Result r = ts.run(spec(false, "sh", "-c", "grep -E 'NoNewPrivs|Seccomp:' /proc/self/status;"
                + " /fx/seccomp_probe").withSecurity(new Security(new Seccomp.DefaultPolicy(), false, false)));
        assertThat(r.exitCode()).as(r.out()).isZero();
        assertThat(r.out()).contains("NoNewPrivs:\t0\n", "Seccomp:\t2\n", "unshare-user: EPERM\n", "mount: EPERM\n");
        // and for a non-root user, whose capabilities are gone before exec
        TestSandboxes.Result user = ts.run(spec(false, "grep", "-E", "NoNewPrivs|Seccomp:|CapEff", "/proc/self/status")
                .withOptions("1000", null, false, false, true, true)
                .withSecurity(new Security(new Seccomp.DefaultPolicy(), false, false)));
        assertThat(user.out()).contains("NoNewPrivs:\t0\n", "Seccomp:\t2\n", "CapEff:\t0000000000000000\n");
    }

    @Test
    void aCustomPolicyIsHonoured() throws Exception {
        String json = """
                {"defaultAction": "SCMP_ACT_ALLOW",
                 "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}]}""";
        TestSandboxes.Result r = ts.run(spec(false, "sh", "-c", "mkdir /tmp/x; echo rc=$?; grep Seccomp: /proc/self/status")
                .withSecurity(new Security(new Seccomp.Custom("/etc/test-policy.json", json), true, false)));
        assertThat(r.out()).contains("rc=1\n", "Seccomp:\t2\n");
        // busybox reports the errno the filter returned: ENOSYS, "Function not implemented"
        TestSandboxes.Result why = ts.run(spec(false, "sh", "-c", "mkdir /tmp/x 2>&1")
                .withSecurity(new Security(new Seccomp.Custom("/etc/test-policy.json", json), true, false)));
        assertThat(why.out()).contains("Function not implemented");
    }

    @Test
    void aStaticGoBinaryRunsUnderTheFilter(@org.junit.jupiter.api.io.TempDir Path work) throws Exception {
        Path src = Files.writeString(work.resolve("probe.go"), """
                package main

                import (
                	"fmt"
                	"os"
                	"os/exec"
                	"runtime"
                	"sync"
                )

                func main() {
                	var wg sync.WaitGroup
                	for i := 0; i < 8; i++ {
                		wg.Add(1)
                		go func() { defer wg.Done(); runtime.Gosched() }()
                	}
                	wg.Wait()
                	out, err := exec.Command("/bin/echo", "child").Output()
                	if err != nil {
                		fmt.Println("exec failed:", err)
                		os.Exit(1)
                	}
                	fmt.Printf("go ok %s", out)
                }
                """);
        Path bin = work.resolve("probe");
        ProcessBuilder pb = new ProcessBuilder("go", "build", "-o", bin.toString(), src.toString())
                .directory(work.toFile()).redirectErrorStream(true);
        pb.environment().putAll(Map.of("CGO_ENABLED", "0", "GOCACHE", work.resolve("cache").toString(),
                "HOME", work.toString(), "GOFLAGS", "-mod=mod", "GO111MODULE", "off"));
        Process go = pb.start();
        String log = new String(go.getInputStream().readAllBytes());
        assertThat(go.waitFor(300, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(go.exitValue()).as(log).isZero();
        Path dir = Files.createDirectories(ts.root().resolve("go"));
        Files.copy(bin, dir.resolve("probe"));
        TestSandboxes.Result r = ts.run(ts.spec("/go/probe").withMounts(List.of(new MountSpec.Bind(dir, "/go", true)))
                .withOptions(null, null, false, false, true, true));
        assertThat(r.exitCode()).as(r.out()).isZero();
        assertThat(r.out()).isEqualTo("go ok child\n");
    }

    @Test
    void aJvmRunsUnderTheFilter() throws Exception {
        Path app = Files.createDirectories(ts.root().resolve("app"));
        Files.writeString(app.resolve("Probe.java"), """
                public class Probe {
                    public static void main(String[] a) throws Exception {
                        Thread t = Thread.ofPlatform().start(() -> { });
                        t.join();
                        System.out.println("CPUS=" + Runtime.getRuntime().availableProcessors());
                    }
                }
                """);
        List<MountSpec> mounts = TestSandboxes.jdkMounts(app);
        TestSandboxes.Result r = ts.run(ts.spec("/jdk/bin/java", "-Xshare:off", "/app/Probe.java")
                .withLimits(LimitSettings.none().withCpus(1).withMemory(256 * MIB)).withMounts(mounts)
                .withOptions(null, null, false, false, true, true));
        assertThat(r.exitCode()).as(r.out()).isZero();
        assertThat(r.out()).contains("CPUS=1\n");
    }

    /**
     * The host's own Debian userland as the read-only lower layer. The state root lives on a tmpfs the test
     * mounts, so the sandbox's upper directory is not inside its lower layer (overlayfs refuses overlaps).
     */
    @Test
    void aDebianUserlandRunsAptGetUnderTheFilter() throws Exception {
        Path state = Files.createDirectories(ts.root().resolve("debian-state"));
        run("mount", "-t", "tmpfs", "-o", "mode=0755,size=64m", "edgefusion-test", state.toString());
        try {
            Sandboxes sb = new Sandboxes(state);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Sandboxes.RunResult r = sb.run(SandboxSpec.of(Path.of("/"), List.of("sh", "-c",
                    "apt-get --version | head -1; grep Seccomp: /proc/self/status"))
                    .withOptions(null, null, false, false, true, true), false, out);
            assertThat(r.exitCode()).as(out.toString()).isZero();
            assertThat(out.toString()).startsWith("apt ").contains("Seccomp:\t2\n");
            sb.gc();
        } finally {
            run("umount", state.toString());
        }
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + log).isZero();
    }
}
