package io.edgefusion.sandbox.oci.plan;

import io.edgefusion.kernel.cgroup.CgroupLayout;
import io.edgefusion.sandbox.launch.HandedFds;
import io.edgefusion.sandbox.oci.config.OciConfig;
import io.edgefusion.sandbox.oci.config.OciConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The helper's instructions for configs shaped like podman's and containerd's; refusals name the field. */
class HelperPlanTest {
    @TempDir
    Path bundle;

    private final List<String> warnings = new ArrayList<>();

    private OciConfig config(String linux, String process, String extra) throws Exception {
        Files.createDirectories(bundle.resolve("rootfs"));
        Path f = bundle.resolve("config.json");
        Files.writeString(f, """
                {"ociVersion":"1.0.2-dev","process":{"args":["/bin/sh","-c","exit 42"],"cwd":"/",
                 "env":["PATH=/bin","X=1"],"user":{"uid":1000,"gid":1000,"additionalGids":[10,20],"umask":18},
                 "capabilities":{"bounding":["CAP_KILL","CAP_CHOWN","CAP_NOPE"],"effective":["CAP_KILL"],
                   "permitted":["CAP_KILL"]},
                 "rlimits":[{"type":"RLIMIT_NOFILE","soft":1024,"hard":4096}],"noNewPrivileges":true%s},
                 "root":{"path":"rootfs","readonly":true},"hostname":"h1",
                 "mounts":[{"destination":"/proc","type":"proc","source":"proc"},
                   {"destination":"/dev","type":"tmpfs","source":"tmpfs","options":["nosuid","strictatime","mode=755"]},
                   {"destination":"/data","type":"bind","source":"rootfs","options":["rbind","ro","rslave"]},
                   {"destination":"/sys/fs/cgroup","type":"cgroup","source":"cgroup","options":["ro","nosuid"]}%s],
                 "linux":{"namespaces":[{"type":"pid"},{"type":"network"},{"type":"ipc"},{"type":"uts"},
                   {"type":"mount"}],"maskedPaths":["/proc/kcore"],"readonlyPaths":["/proc/sys"],
                   "sysctl":{"net.ipv4.ip_forward":"1"},"devices":[{"type":"c","path":"/dev/fuse","major":10,
                   "minor":229,"fileMode":438}]%s}}
                """.formatted(process, extra, linux));
        return OciConfigs.read(f);
    }

    private LaunchContext ctx(String console, Path fifo, boolean reap) {
        return new LaunchContext(bundle, CgroupLayout.discover(), "/edgefusion-test-plan/c1",
                new HandedFds(4242, 0, 1, 2), 2, console, fifo, reap, false);
    }

    @Test
    void aPodmanShapedConfigBecomesTheHelpersInstructionsInOrder() throws Exception {
        OciConfig c = config("", "", "");
        String text = HelperPlan.run(c, bundle.resolve("rootfs"), ctx(null, bundle.resolve("exec.fifo"), false),
                Optional.empty(), warnings::add);
        List<String> lines = text.lines().toList();
        assertThat(lines).startsWith("version 1", "mode run", "ns pid,net,ipc,uts,mnt");
        assertThat(lines).containsSubsequence("hostname h1", "root " + bundle.resolve("rootfs"), "rootbind 1",
                "mount proc /proc proc 0 - dir", "mount tmpfs /dev tmpfs " + (2 | (1 << 24)) + " mode=755 dir",
                "mount " + bundle.resolve("rootfs") + " /data - " + (4096 | 16384 | 1) + " - dir",
                "propagate /data " + ((1 << 19) | 16384), "mknod /dev/null c 1 3 666", "mknod /dev/fuse c 10 229 666",
                "symlink pts/ptmx /dev/ptmx", "mask /proc/kcore", "readonly /proc/sys",
                "sysctl net.ipv4.ip_forward 1", "readonly_root 1", "arg /bin/sh", "arg -c", "arg exit%2042",
                "env PATH=/bin", "env X=1", "cwd /", "user 1000 1000", "groups 10,20",
                "caps 21 20 20 0 0", "no_new_privs 1", "rlimit 7 1024 4096", "umask 22",
                "stdio 4242 0 1 2", "fd 4242 3 3", "fd 4242 4 4", "fifo " + bundle.resolve("exec.fifo"), "reap 0",
                "end");
        assertThat(warnings).anyMatch(w -> w.contains("unknown capability CAP_NOPE"));
    }

    @Test
    void aTerminalGoesToTheConsoleSocket() throws Exception {
        OciConfig c = config("", ",\"terminal\":true", "");
        String text = HelperPlan.run(c, bundle.resolve("rootfs"), ctx("/run/c.sock", null, false), Optional.empty(),
                warnings::add);
        assertThat(text.lines()).contains("tty 1", "console_socket /run/c.sock").noneMatch(l -> l.startsWith("stdio"));
        assertThatThrownBy(() -> HelperPlan.run(c, bundle.resolve("rootfs"), ctx(null, null, false),
                Optional.empty(), warnings::add)).hasMessage("process.terminal: true needs --console-socket");
    }

    @Test
    void joinedNamespacesAndUserMappings() throws Exception {
        OciConfig c = config(",\"uidMappings\":[{\"containerID\":0,\"hostID\":100000,\"size\":65536}],"
                + "\"gidMappings\":[{\"containerID\":0,\"hostID\":100000,\"size\":65536}]", "", "");
        OciConfig joined = new OciConfig(c.ociVersion(), c.process(), c.root(), c.hostname(), c.domainname(),
                c.mounts(), c.hooks(), c.annotations(), new io.edgefusion.sandbox.oci.config.Linux(
                List.of(new io.edgefusion.sandbox.oci.config.Linux.Namespace("mount", null),
                        new io.edgefusion.sandbox.oci.config.Linux.Namespace("uts", null),
                        new io.edgefusion.sandbox.oci.config.Linux.Namespace("network", "/proc/self/ns/net"),
                        new io.edgefusion.sandbox.oci.config.Linux.Namespace("user", null)),
                c.linux().uidMappings(), c.linux().gidMappings(), List.of(), null, null, java.util.Map.of(), null,
                null, null, null, null, null, null, null));
        String text = HelperPlan.run(joined, bundle.resolve("rootfs"), ctx(null, null, true), Optional.empty(),
                warnings::add);
        assertThat(text.lines()).contains("ns mnt,uts,user", "nsjoin net /proc/self/ns/net",
                "uidmap 0 100000 65536", "gidmap 0 100000 65536", "reap 1");
        // In a user namespace device nodes are bound from the host: mknod is impossible there.
        assertThat(text.lines()).contains("mount /dev/null /dev/null - 4096 - file").noneMatch(l -> l.startsWith("mknod"));
    }

    @Test
    void refusalsNameTheField() throws Exception {
        OciConfig base = config("", "", "");
        assertThatThrownBy(() -> plan(config(",\"personality\":{\"domain\":\"WINDOWS\"}", "", "")))
                .hasMessage("linux.personality.domain: WINDOWS (expected LINUX or LINUX32)");
        assertThatThrownBy(() -> plan(config("", "", ",{\"destination\":\"/x\",\"type\":\"bind\",\"source\":\"nope\","
                + "\"options\":[\"rbind\"]}"))).hasMessageStartingWith("mounts[4] (/x): source ")
                .hasMessageEndingWith("nope does not exist");
        OciConfig apparmor = config("", ",\"apparmorProfile\":\"docker-default\"", "");
        if (Files.exists(Unsupported.APPARMOR)) {
            assertThat(plan(apparmor)).contains("mode run");
        } else {
            assertThatThrownBy(() -> plan(apparmor)).hasMessage("process.apparmorProfile: docker-default given, but"
                    + " AppArmor is not enabled on this host");
        }
        assertThatThrownBy(() -> plan(config(",\"timeOffsets\":{\"monotonic\":{\"secs\":1}}", "", "")))
                .hasMessage("linux.timeOffsets: time namespaces are not supported");
        assertThat(base.hostname()).isEqualTo("h1");
    }

    /** podman --read-only: tmpfs /run with tmpcopyup; the copy follows the mount line, before its propagation. */
    @Test
    void tmpcopyupOnATmpfsBecomesCopyupAfterItsMountAndIsRefusedOnABind() throws Exception {
        OciConfig c = config("", "", ",{\"destination\":\"/run\",\"type\":\"tmpfs\",\"source\":\"tmpfs\","
                + "\"options\":[\"rw\",\"rprivate\",\"nosuid\",\"nodev\",\"tmpcopyup\"]}");
        List<String> lines = plan(c).lines().toList();
        int mount = lines.indexOf("mount tmpfs /run tmpfs 6 - dir");
        assertThat(mount).as(String.join("\n", lines)).isPositive();
        assertThat(lines.subList(mount, mount + 3))
                .containsExactly("mount tmpfs /run tmpfs 6 - dir", "copyup /run", "propagate /run " + ((1 << 18) | 16384));
        assertThat(lines).filteredOn(l -> l.startsWith("copyup")).containsExactly("copyup /run");
        assertThatThrownBy(() -> plan(config("", "", ",{\"destination\":\"/x\",\"type\":\"bind\","
                + "\"source\":\"rootfs\",\"options\":[\"rbind\",\"tmpcopyup\"]}")))
                .hasMessage("mounts[4] (/x): option tmpcopyup needs a tmpfs mount, not bind");
        assertThatThrownBy(() -> plan(config("", "", ",{\"destination\":\"/x\",\"source\":\"rootfs\","
                + "\"options\":[\"bind\",\"tmpcopyup\"]}")))
                .hasMessage("mounts[4] (/x): option tmpcopyup needs a tmpfs mount, not bind");
    }

    /** The profile goes to the helper (run and exec) where AppArmor is enabled, and is refused where it is not. */
    @Test
    void anApparmorProfileIsPassedOnOnlyWhereAppArmorIsEnabled() throws Exception {
        OciConfig c = config("", ",\"apparmorProfile\":\"containers-default-0.50\"", "");
        Path enabled = Files.createDirectories(bundle.resolve("securityfs/apparmor"));
        Path absent = bundle.resolve("securityfs/none");
        List<String> run = HelperPlan.run(c, bundle.resolve("rootfs"), ctx(null, null, false), Optional.empty(),
                warnings::add, enabled).lines().toList();
        assertThat(run).containsSubsequence("no_new_privs 1", "apparmor containers-default-0.50", "end");
        List<String> exec = HelperPlan.exec(c, 77, c.process(), ctx(null, null, false), Optional.empty(),
                warnings::add, enabled).lines().toList();
        assertThat(exec).contains("mode exec", "apparmor containers-default-0.50");
        assertThatThrownBy(() -> HelperPlan.run(c, bundle.resolve("rootfs"), ctx(null, null, false),
                Optional.empty(), warnings::add, absent)).hasMessage("process.apparmorProfile: "
                + "containers-default-0.50 given, but AppArmor is not enabled on this host");
        assertThatThrownBy(() -> HelperPlan.exec(c, 77, c.process(), ctx(null, null, false), Optional.empty(),
                warnings::add, absent)).isInstanceOf(LaunchPlanException.class);
        assertThat(plan(config("", "", ""))).doesNotContain("apparmor");
    }

    private String plan(OciConfig c) {
        return HelperPlan.run(c, bundle.resolve("rootfs"), ctx(null, null, false), Optional.empty(), warnings::add);
    }
}
