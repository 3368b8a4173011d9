package io.edgefusion.sandbox;

import io.edgefusion.kernel.cgroup.LimitSettings;
import io.edgefusion.kernel.sys.CpuSet;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.spec.MountSpec;
import io.edgefusion.sandbox.spec.SandboxSpec;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.tools.ToolProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox's own cgroups at /sys/fs/cgroup (issue 8 §8), read-only, so runtimes that size themselves find
 * their limits with no help from EdgeFusion (--no-ergonomics): the JDK its memory limit, Go its CPU quota.
 */
@KernelTest
class SandboxCgroupfsKernelTest {
    private static final long MIB = 1L << 20;
    private static TestSandboxes ts;

    @TempDir
    static Path work;

    @BeforeAll
    static void setUp() {
        ts = new TestSandboxes();
    }

    @AfterAll
    static void tearDown() {
        ts.close();
    }

    @ParameterizedTest(name = "rootless={0}")
    @ValueSource(booleans = {false, true})
    void theJdkWithoutErgonomicsReportsTheSandboxesMemoryLimit(boolean rootless) throws Exception {
        Path app = Files.createDirectories(ts.root().resolve("app")); // traversable by the rootless root too
        Path src = Files.writeString(app.resolve("Probe.java"), """
                public class Probe {
                    public static void main(String[] a) {
                        System.out.println("MAXMEM=" + Runtime.getRuntime().maxMemory());
                    }
                }
                """);
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", app.toString(),
                src.toString())).isZero();
        SandboxSpec spec = ts.spec("sh", "-c", "/jdk/bin/java -XshowSettings:system -version 2>&1;"
                        + " /jdk/bin/java -cp /app Probe")
                .withLimits(LimitSettings.none().withMemory(128 * MIB)).withMounts(TestSandboxes.jdkMounts(app))
                .withOptions(null, null, false, rootless, false, true);
        TestSandboxes.Result r = ts.run(spec);
        assertThat(r.exitCode()).as(r.out()).isZero();
        assertThat(r.out()).contains("Memory Limit: 128.00M").doesNotContain("No metrics available");
        Matcher m = Pattern.compile("MAXMEM=(\\d+)").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        // The default heap is a share of the memory the JDK sees (MinRAMPercentage, 50 %, for so little):
        // at most 64 MiB of the 128 MiB limit, where the host's memory would give gigabytes.
        assertThat(Long.parseLong(m.group(1))).isLessThanOrEqualTo(64 * MIB).isGreaterThan(16 * MIB);
    }

    @Test
    void aGoBinaryWithoutErgonomicsFindsItsCpuQuotaThroughTheCgroupMount() throws Exception {
        Path dir = Files.createDirectories(work.resolve("go"));
        Path src = Files.writeString(dir.resolve("probe.go"), GO_PROBE);
        Path bin = dir.resolve("probe");
        ProcessBuilder pb = new ProcessBuilder("go", "build", "-o", bin.toString(), src.toString())
                .directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(Map.of("CGO_ENABLED", "0", "GOCACHE", work.resolve("cache").toString(),
                "HOME", work.toString(), "GO111MODULE", "off"));
        Process go = pb.start();
        String log = new String(go.getInputStream().readAllBytes());
        assertThat(go.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(go.exitValue()).as(log).isZero();

        SandboxSpec spec = ts.spec("/probe/probe").withLimits(LimitSettings.none().withCpus(1))
                .withMounts(List.of(new MountSpec.Bind(dir, "/probe", true)))
                .withOptions(null, null, false, false, false, true);
        TestSandboxes.Result r = ts.run(spec);
        assertThat(r.exitCode()).as(r.out()).isZero();
        long quota = Long.parseLong(field(r.out(), "QUOTA"));
        long period = Long.parseLong(field(r.out(), "PERIOD"));
        assertThat(quota).as(r.out()).isEqualTo(100_000);
        assertThat(period).isEqualTo(100_000);
        // Go 1.25's rule, from this machine: min(affinity, max(2, ceil(quota/period))).
        int affinity = CpuSet.affinityOf(ProcessHandle.current().pid()).count();
        int expected = Math.min(affinity, Math.max(2, (int) ((quota + period - 1) / period)));
        String version = field(r.out(), "VERSION");
        Matcher v = Pattern.compile("go1\\.(\\d+)").matcher(version);
        assertThat(v.find()).as(version).isTrue();
        int gomaxprocs = Integer.parseInt(field(r.out(), "GOMAXPROCS"));
        if (Integer.parseInt(v.group(1)) >= 25) {
            assertThat(gomaxprocs).as("Go 1.25's cgroup-aware GOMAXPROCS").isEqualTo(expected);
        } else {
            // An older Go ignores cgroups; the quota it would apply is read above through the same mount.
            System.out.println("SandboxCgroupfsKernelTest: " + version + " predates Go 1.25's cgroup-aware"
                    + " GOMAXPROCS; Go 1.25 would read quota " + quota + "/" + period + " and choose " + expected);
            assertThat(gomaxprocs).isEqualTo(affinity);
        }
    }

    @ParameterizedTest(name = "rootless={0}")
    @ValueSource(booleans = {false, true})
    void theCgroupTreeInsideIsTheSandboxesOwnAndReadOnly(boolean rootless) {
        SandboxSpec spec = ts.spec("sh", "-c", "cat /sys/fs/cgroup/memory/memory.limit_in_bytes"
                        + " /sys/fs/cgroup/pids/pids.max; cat /proc/self/cgroup;"
                        + " { echo 1 > /sys/fs/cgroup/pids/pids.max; } 2>&1; { mkdir /sys/fs/cgroup/x; } 2>&1;"
                        + " { echo 1 > /sys/fs/cgroup/unified/cgroup.procs; } 2>&1;"
                        + " grep -c ' /sys/fs/cgroup/[a-z,]* ro,' /proc/self/mountinfo;"
                        + " awk '$5 ~ /^\\/sys\\/fs\\/cgroup/ {print $4}' /proc/self/mountinfo | sort -u")
                .withLimits(LimitSettings.none().withMemory(64 * MIB).withPidsMax(50))
                .withOptions(null, null, false, rootless, false, true);
        TestSandboxes.Result r = ts.run(spec);
        assertThat(r.exitCode()).as(r.out()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo(Long.toString(64 * MIB));
        assertThat(lines.get(1)).isEqualTo("50");
        assertThat(r.out()).contains("can't create /sys/fs/cgroup/pids/pids.max: Read-only file system")
                .contains("can't create directory '/sys/fs/cgroup/x': Read-only file system")
                .contains("can't create /sys/fs/cgroup/unified/cgroup.procs: Read-only file system");
        // every hierarchy the host mounts under /sys/fs/cgroup is there, each rooted at the sandbox's cgroup
        long hostHierarchies = ts.sandboxes().layout().mounts().stream()
                .filter(m -> m.mountPoint().startsWith(Path.of("/sys/fs/cgroup"))).count();
        assertThat(r.out()).contains("\n" + hostHierarchies + "\n");
        assertThat(lines.getLast()).isEqualTo("/");
    }

    /**
     * The rootless fallback, for real: where the kernel refuses a user namespace a mount (here ext4, which no
     * user namespace may mount; on some kernels cgroup v1), the helper binds the given directory read-only
     * instead, or leaves the target empty when it has none.
     */
    @Test
    void whereAUserNamespaceMayNotMountTheHelperBindsTheFallbackReadOnly() throws Exception {
        Path root = Files.createDirectories(ts.root().resolve("fallback-root"));
        for (String d : List.of("bin", "proc", "fb", "empty")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.copy(ts.busybox().resolve("bin/busybox").toRealPath(), root.resolve("bin/sh"));
        Path fb = Files.createDirectories(ts.root().resolve("fallback-src"));
        Files.writeString(fb.resolve("marker"), "fallback-bound\n");
        String script = "cat /fb/marker; ls -A /empty | wc -l; { echo x > /fb/new; } 2>&1; true";
        String spec = "version 1\nmode run\nns user,mnt,pid\nuidmap 0 100000 65536\ngidmap 0 100000 65536\n"
                + "root " + root + "\nmount proc /proc proc 14 - dir\n"
                + "mount_or_bind none /fb ext4 15 - dir " + fb + "\n"
                + "mount_or_bind none /empty ext4 15 - dir -\n"
                + "arg /bin/sh\narg -c\narg " + script.replace("%", "%25").replace(" ", "%20") + "\n"
                + "env PATH=/bin\ncwd /\nuser 0 0\ngroups -\nexit " + ts.root().resolve("fallback-exit")
                + "\nend\n";
        io.edgefusion.sandbox.launch.HelperProcess h = io.edgefusion.sandbox.launch.HelperProcess.start(ts.root(),
                spec, true);
        h.awaitPid();
        h.go();
        h.awaitStarted();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        h.copyOutput(out);
        assertThat(h.waitFor()).as(out.toString()).isZero();
        assertThat(out.toString()).contains("fallback-bound\n0\n").contains("Read-only file system");
        assertThat(fb.resolve("new")).doesNotExist();
    }

    private static String field(String out, String key) {
        Matcher m = Pattern.compile("(?m)^" + key + "=(.*)$").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return m.group(1).strip();
    }

    /** The leaf cgroup's CPU quota found as Go 1.25's internal/cgroup finds it: /proc/self/cgroup + mountinfo. */
    private static final String GO_PROBE = """
            package main

            import (
            	"fmt"
            	"os"
            	"path/filepath"
            	"runtime"
            	"strings"
            )

            func main() {
            	fmt.Printf("GOMAXPROCS=%d\\n", runtime.GOMAXPROCS(0))
            	fmt.Printf("VERSION=%s\\n", runtime.Version())
            	cg, _ := os.ReadFile("/proc/self/cgroup")
            	path, v2 := "", false
            	for _, l := range strings.Split(string(cg), "\\n") {
            		f := strings.SplitN(l, ":", 3)
            		if len(f) != 3 {
            			continue
            		}
            		for _, c := range strings.Split(f[1], ",") {
            			if c == "cpu" {
            				path = f[2]
            			}
            		}
            		if f[1] == "" && path == "" {
            			path, v2 = f[2], true
            		}
            	}
            	mi, _ := os.ReadFile("/proc/self/mountinfo")
            	for _, l := range strings.Split(string(mi), "\\n") {
            		parts := strings.SplitN(l, " - ", 2)
            		if len(parts) != 2 {
            			continue
            		}
            		pre, post := strings.Fields(parts[0]), strings.Fields(parts[1])
            		if len(pre) < 5 || len(post) < 3 {
            			continue
            		}
            		dir := filepath.Join(pre[4], strings.TrimPrefix(path, pre[3]))
            		if !v2 && post[0] == "cgroup" && strings.Contains(","+post[2]+",", ",cpu,") {
            			q, _ := os.ReadFile(filepath.Join(dir, "cpu.cfs_quota_us"))
            			p, _ := os.ReadFile(filepath.Join(dir, "cpu.cfs_period_us"))
            			fmt.Printf("QUOTA=%s\\nPERIOD=%s\\n", strings.TrimSpace(string(q)), strings.TrimSpace(string(p)))
            			return
            		}
            		if v2 && post[0] == "cgroup2" {
            			m, _ := os.ReadFile(filepath.Join(dir, "cpu.max"))
            			f := strings.Fields(string(m))
            			if len(f) == 2 {
            				fmt.Printf("QUOTA=%s\\nPERIOD=%s\\n", f[0], f[1])
            				return
            			}
            		}
            	}
            	fmt.Println("QUOTA=none\\nPERIOD=none")
            }
            """;
}
