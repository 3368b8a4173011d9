package io.edgefusion.oci.lifecycle;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.kernel.cgroup.Controller;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.oci.testing.OciBundle;
import io.edgefusion.oci.testing.OciWorld;
import io.edgefusion.sandbox.oci.config.OciConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One config area per test through the real CLI: the program in the container prints what it sees, and where
 * the host can see it too, the test looks from outside.
 */
@KernelTest
class OciConfigAreasKernelTest {
    private final OciWorld world = new OciWorld();

    @AfterEach
    void tearDown() {
        world.close();
    }

    /** {@code run} attached, failing the test unless the program exits 0; returns its output. */
    private String run(OciBundle b, String id) {
        OciWorld.Result r = world.oci("run", "--bundle", b.write().toString(), id);
        assertThat(r.code()).as("exit of %s; stderr %s", id, r.err()).isZero();
        return r.out();
    }

    private static OciBundle sh(OciBundle b, String script) {
        return b.args("/bin/sh", "-c", script);
    }

    private static void sh(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new AssertionError(String.join(" ", cmd) + ": " + out);
        }
    }

    private static String link(String path) throws IOException {
        return Files.readSymbolicLink(Path.of(path)).toString();
    }

    @Test
    void processEnvCwdUserUmaskRlimitsNoNewPrivsOomScore() throws Exception {
        OciBundle b = sh(world.bundle("p1"), "echo \"FOO=$FOO\"; pwd; id -u; id -g; id -G; umask; ulimit -n;"
                + " ulimit -Hn; grep NoNewPrivs /proc/self/status; cat /proc/self/oom_score_adj;"
                + " grep CapBnd /proc/self/status");
        Files.createDirectories(b.rootfs().resolve("work"));
        ObjectNode p = b.process();
        ((ArrayNode) p.get("env")).add("FOO=bar baz");
        p.put("cwd", "/work").put("noNewPrivileges", true).put("oomScoreAdj", 123);
        ObjectNode user = p.putObject("user").put("uid", 1000).put("gid", 1001).put("umask", 027);
        user.putArray("additionalGids").add(10).add(20);
        p.putArray("rlimits").addObject().put("type", "RLIMIT_NOFILE").put("soft", 123).put("hard", 456);
        List<String> out = run(b, "p1").lines().toList();
        assertThat(out.subList(0, 4)).containsExactly("FOO=bar baz", "/work", "1000", "1001");
        assertThat(out.get(4).split(" ")).contains("10", "20");
        assertThat(out.subList(5, 10)).containsExactly("0027", "123", "456", "NoNewPrivs:\t1", "123");
        assertThat(out.get(10)).isEqualTo("CapBnd:\t00000000a80425fb"); // docker's fourteen
    }

    @Test
    void capabilitySetsAreTheConfigs() {
        OciBundle b = sh(world.bundle("c1"), "grep -E '^Cap(Eff|Prm|Bnd)' /proc/self/status");
        ObjectNode caps = b.process().putObject("capabilities");
        caps.putArray("bounding").add("CAP_CHOWN").add("CAP_KILL").add("CAP_NET_RAW");
        caps.putArray("effective").add("CAP_CHOWN").add("CAP_KILL");
        caps.putArray("permitted").add("CAP_CHOWN").add("CAP_KILL");
        assertThat(run(b, "c1")).isEqualTo("CapPrm:\t0000000000000021\nCapEff:\t0000000000000021\n"
                + "CapBnd:\t0000000000002021\n");
    }

    @Test
    void rootReadonlyRefusesWritesAndWritableRootLandsInTheBundle() {
        OciBundle ro = sh(world.bundle("r1"), "touch /landed 2>&1; echo $?");
        ((ObjectNode) ro.config().get("root")).put("readonly", true);
        assertThat(run(ro, "r1")).contains("Read-only file system").endsWith("1\n");
        assertThat(ro.rootfs().resolve("landed")).doesNotExist();

        OciBundle rw = sh(world.bundle("r2"), "echo hi > /landed");
        run(rw, "r2");
        assertThat(rw.rootfs().resolve("landed")).hasContent("hi\n");
    }

    @Test
    void bindRbindTmpfsAndPropagationMounts() throws Exception {
        Path ro = Files.createDirectories(world.dir().resolve("ro-src"));
        Files.writeString(ro.resolve("f"), "from host\n");
        // a mount with a tmpfs inside: rbind takes the submount along; rshared makes the private copy shared
        Path rb = Files.createDirectories(world.dir().resolve("rb-src"));
        sh("mount", "--bind", rb.toString(), rb.toString());
        try {
            sh("mount", "--make-shared", rb.toString());
            Files.createDirectories(rb.resolve("sub"));
            sh("mount", "-t", "tmpfs", "tmpfs", rb.resolve("sub").toString());
            Files.writeString(rb.resolve("sub/inner"), "submount\n");
            OciBundle b = sh(world.bundle("m1"), "cat /ro/f; touch /ro/new 2>&1; cat /rb/sub/inner;"
                    + " grep ' /t ' /proc/self/mountinfo; stat -c %a /t; grep ' /rb ' /proc/self/mountinfo");
            ArrayNode mounts = (ArrayNode) b.config().get("mounts");
            mounts.addObject().put("destination", "/ro").put("type", "bind").put("source", ro.toString())
                    .putArray("options").add("bind").add("ro");
            mounts.addObject().put("destination", "/rb").put("type", "bind").put("source", rb.toString())
                    .putArray("options").add("rbind").add("rshared");
            mounts.addObject().put("destination", "/t").put("type", "tmpfs").put("source", "tmpfs")
                    .putArray("options").add("size=1m").add("mode=700");
            List<String> out = run(b, "m1").lines().toList();
            assertThat(out.get(0)).isEqualTo("from host");
            assertThat(out.get(1)).contains("Read-only file system");
            assertThat(out.get(2)).isEqualTo("submount");
            assertThat(out.get(3)).contains(" - tmpfs ").contains("size=1024k").contains("mode=700");
            assertThat(out.get(4)).isEqualTo("700");
            assertThat(out.get(5).split(" - ")[0]).contains("shared:"); // the rshared word, on a private tree
            assertThat(ro.resolve("new")).doesNotExist();
        } finally {
            sh("umount", "-R", rb.toString());
        }
    }

    @Test
    void aJoinedNetworkNamespaceAndTheHostsWhenNoneIsAsked() throws Exception {
        String netns = "edgefusion-test-" + UUID.randomUUID().toString().substring(0, 8);
        sh("ip", "netns", "add", netns);
        try {
            Path path = Path.of("/run/netns", netns);
            long ino = ((Number) Files.getAttribute(path, "unix:ino")).longValue();
            OciBundle joined = sh(world.bundle("n1"), "readlink /proc/self/ns/net");
            for (var n : joined.linux().get("namespaces")) {
                if (n.get("type").asText().equals("network")) {
                    ((ObjectNode) n).put("path", path.toString());
                }
            }
            assertThat(run(joined, "n1")).isEqualTo("net:[" + ino + "]\n");
        } finally {
            sh("ip", "netns", "delete", netns);
        }
        OciBundle host = sh(world.bundle("n2"), "readlink /proc/self/ns/net");
        ArrayNode ns = (ArrayNode) host.linux().get("namespaces");
        for (int i = ns.size() - 1; i >= 0; i--) {
            if (ns.get(i).get("type").asText().equals("network")) {
                ns.remove(i);
            }
        }
        assertThat(run(host, "n2")).isEqualTo(link("/proc/self/ns/net") + "\n");
    }

    @Test
    void aUserNamespaceWithMappings() throws Exception {
        OciBundle b = sh(world.bundle("u1"), "cat /proc/self/uid_map /proc/self/gid_map; id -u; readlink"
                + " /proc/self/ns/user");
        sh("chown", "-R", "100000:100000", b.rootfs().toString());
        ((ArrayNode) b.linux().get("namespaces")).addObject().put("type", "user");
        b.linux().putArray("uidMappings").addObject().put("containerID", 0).put("hostID", 100000).put("size", 65536);
        b.linux().putArray("gidMappings").addObject().put("containerID", 0).put("hostID", 100000).put("size", 65536);
        List<String> out = run(b, "u1").lines().map(l -> l.trim().replaceAll("\\s+", " ")).toList();
        assertThat(out.subList(0, 3)).containsExactly("0 100000 65536", "0 100000 65536", "0");
        assertThat(out.get(3)).startsWith("user:[").isNotEqualTo(link("/proc/self/ns/user"));
    }

    @Test
    void listedDevicesExistAndOthersCannotBeOpened() throws Exception {
        boolean fuse = Files.exists(Path.of("/dev/fuse"));
        // without /dev/fuse on the host: /dev/zero's numbers under another name
        String name = fuse ? "/dev/fuse" : "/dev/zero2";
        int major = fuse ? 10 : 1;
        int minor = fuse ? 229 : 5;
        OciBundle b = sh(world.bundle("d1"), "stat -c '%t %T %a' " + name + "; exec 3< " + name
                + " && echo opened; mknod /dev/k c 1 11 && { echo x > /dev/k; } 2>&1;"
                + " echo $?");
        b.linux().putArray("devices").addObject().put("path", name).put("type", "c").put("major", major)
                .put("minor", minor).put("fileMode", 0666).put("uid", 0).put("gid", 0);
        List<String> out = run(b, "d1").lines().toList();
        assertThat(out.get(0)).isEqualTo(Integer.toHexString(major) + " " + Integer.toHexString(minor) + " 666");
        assertThat(out.get(1)).isEqualTo("opened");
        assertThat(out.get(2)).contains("Operation not permitted");
        assertThat(out.get(3)).isEqualTo("1");
    }

    @Test
    void cgroupsPathAndResourcesInsideAndOnTheHost() throws Exception {
        OciBundle b = world.bundle("g1").args("/bin/sleep", "600");
        ObjectNode res = (ObjectNode) b.linux().get("resources");
        res.putObject("memory").put("limit", 64L << 20);
        res.putObject("pids").put("limit", 55);
        res.putObject("cpu").put("quota", 50000).put("period", 100000);
        world.ok("run", "--detach", "--bundle", b.write().toString(), "g1");
        var paths = world.cgroup("g1").paths();
        Path mem = paths.dir(Controller.MEMORY).orElseThrow().dir();
        Path pids = paths.dir(Controller.PIDS).orElseThrow().dir();
        Path cpu = paths.dir(Controller.CPU).orElseThrow().dir();
        boolean v2 = paths.version() instanceof io.edgefusion.kernel.cgroup.CgroupVersion.V2;
        if (v2) {
            assertThat(mem.resolve("memory.max")).hasContent(Long.toString(64L << 20) + "\n");
            assertThat(pids.resolve("pids.max")).hasContent("55\n");
            assertThat(cpu.resolve("cpu.max")).hasContent("50000 100000\n");
        } else {
            assertThat(mem.resolve("memory.limit_in_bytes")).hasContent(Long.toString(64L << 20) + "\n");
            assertThat(pids.resolve("pids.max")).hasContent("55\n");
            assertThat(cpu.resolve("cpu.cfs_quota_us")).hasContent("50000\n");
            assertThat(cpu.resolve("cpu.cfs_period_us")).hasContent("100000\n");
        }
        String inside = v2 ? "cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/pids.max /sys/fs/cgroup/cpu.max"
                : "cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/pids/pids.max"
                        + " /sys/fs/cgroup/cpu/cpu.cfs_quota_us /sys/fs/cgroup/cpu/cpu.cfs_period_us";
        OciWorld.Result r = world.ok("exec", "g1", "/bin/sh", "-c", inside);
        assertThat(r.out()).isEqualTo(v2 ? (64L << 20) + "\n55\n50000 100000\n"
                : (64L << 20) + "\n55\n50000\n100000\n");
        world.ok("delete", "--force", "g1");
        assertThat(paths.dirs().values()).allSatisfy(d -> assertThat(d.dir()).doesNotExist());
    }

    @Test
    void sysctlIsWrittenInsideOnly() throws Exception {
        String hostForward = Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")).strip();
        String inForward = hostForward.equals("1") ? "0" : "1";
        String hostDomain = Files.readString(Path.of("/proc/sys/kernel/domainname")).strip();
        OciBundle b = sh(world.bundle("s1"), "cat /proc/sys/kernel/domainname /proc/sys/net/ipv4/ip_forward");
        b.linux().putObject("sysctl").put("kernel.domainname", "areas.test").put("net.ipv4.ip_forward", inForward);
        assertThat(run(b, "s1")).isEqualTo("areas.test\n" + inForward + "\n");
        assertThat(Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")).strip()).isEqualTo(hostForward);
        assertThat(Files.readString(Path.of("/proc/sys/kernel/domainname")).strip()).isEqualTo(hostDomain)
                .isNotEqualTo("areas.test");
    }

    @Test
    void seccompErrnoRulesWithAndWithoutArgumentConditions() {
        OciBundle b = sh(world.bundle("x1"), "mkdir /tmp/x 2>&1; echo $?; linux32 true 2>&1; echo $?;"
                + " linux64 true; echo $?");
        ObjectNode sc = b.linux().putObject("seccomp").put("defaultAction", "SCMP_ACT_ALLOW");
        ArrayNode rules = sc.putArray("syscalls");
        ObjectNode mk = rules.addObject().put("action", "SCMP_ACT_ERRNO").put("errnoRet", 1);
        mk.putArray("names").add("mkdir").add("mkdirat");
        ObjectNode per = rules.addObject().put("action", "SCMP_ACT_ERRNO").put("errnoRet", 1);
        per.putArray("names").add("personality");
        per.putArray("args").addObject().put("index", 0).put("value", 8).put("op", "SCMP_CMP_EQ"); // PER_LINUX32
        List<String> out = run(b, "x1").lines().toList();
        assertThat(out.get(0)).contains("Operation not permitted");
        assertThat(out.get(1)).isEqualTo("1");
        assertThat(out.get(2)).contains("Operation not permitted");
        assertThat(out.get(3)).isNotEqualTo("0");
        assertThat(out.get(4)).isEqualTo("0"); // personality(PER_LINUX) does not match the condition
        assertThat(b.rootfs().resolve("tmp/x")).doesNotExist();
    }

    @Test
    void maskedAndReadonlyPaths() throws Exception {
        OciBundle b = sh(world.bundle("k1"), "cat /secret | wc -c; ls /secretdir | wc -l; { wc -c < /proc/timer_list; } 2>&1;"
                + " touch /etc/x 2>&1; echo $?");
        Files.writeString(b.rootfs().resolve("secret"), "hidden\n");
        Files.createDirectories(b.rootfs().resolve("secretdir"));
        Files.writeString(b.rootfs().resolve("secretdir/f"), "hidden\n");
        ((ArrayNode) b.linux().get("maskedPaths")).add("/secret").add("/secretdir");
        ((ArrayNode) b.linux().get("readonlyPaths")).add("/etc");
        // /proc/timer_list (one of the template's masks; not empty on the host) reads empty inside
        assertThat(Files.readAllBytes(Path.of("/proc/timer_list"))).isNotEmpty();
        List<String> out = run(b, "k1").lines().map(String::strip).toList();
        assertThat(out.subList(0, 3)).containsExactly("0", "0", "0");
        assertThat(out.get(3)).contains("Read-only file system");
        assertThat(out.get(4)).isEqualTo("1");
        assertThat(b.rootfs().resolve("etc/x")).doesNotExist();
    }

    @Test
    void rootfsPropagationRslaveMakesTheRootASlave() throws Exception {
        // the root's line: its mount point (field 5) is /
        OciBundle b = sh(world.bundle("q1"), "grep -E '^[0-9]+ [0-9]+ [^ ]+ [^ ]+ / ' /proc/self/mountinfo");
        b.linux().put("rootfsPropagation", "rslave");
        // the host's / is private here: a shared root gives the container's copy a master to follow
        sh("mount", "--bind", b.rootfs().toString(), b.rootfs().toString());
        try {
            sh("mount", "--make-shared", b.rootfs().toString());
            assertThat(run(b, "q1").split(" - ")[0]).contains("master:");
        } finally {
            sh("umount", "-R", b.rootfs().toString());
        }
    }

    @Test
    void personalityLinux32AndHostname() {
        OciBundle b = sh(world.bundle("l1"), "uname -m; hostname");
        b.linux().putObject("personality").put("domain", "LINUX32");
        b.config().put("hostname", "areas-host");
        String arch = System.getProperty("os.arch");
        String expected = switch (arch) {
            case "amd64", "x86_64" -> "i686";
            case "aarch64" -> "armv8l";
            default -> throw new AssertionError("no 32-bit machine name known for " + arch);
        };
        assertThat(run(b, "l1")).isEqualTo(expected + "\nareas-host\n");
    }
}
