package io.edgefusion.sandbox.launch;

import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code nsjoin} and {@code sysctl}, driven with raw protocol text: a sandbox joins namespaces other processes
 * hold (a test's {@code unshare}), and writes sysctls into its own namespaces only.
 */
@KernelTest
class HelperOciNamespacesKernelTest {
    private final TestSandboxes ts = new TestSandboxes();
    private final List<Process> holders = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : holders) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        ts.close();
    }

    /** {@code unshare ARGS sh -c SCRIPT}, once SCRIPT printed its first line (the namespace exists by then). */
    private Process holder(String script, String... unshare) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("unshare"));
        cmd.addAll(List.of(unshare));
        cmd.addAll(List.of("sh", "-c", script + "; echo ready; exec sleep 600"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        holders.add(p);
        String first = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        assertThat(first).as(String.join(" ", cmd)).isEqualTo("ready");
        return p;
    }

    /** Runs a spec to its end: pid, go, started, the workload's output; asserts exit code 0. */
    private String runToEnd(String spec) {
        return RawHelper.runToEnd(ts.root(), spec);
    }

    /** A spec that fails: the first answer line (before pid, or after go when the child fails). */
    private String failure(String spec, boolean afterPid) {
        return RawHelper.failure(ts.root(), spec, afterPid);
    }

    @Test
    void aJoinedNetworkNamespaceIsTheHoldersAndOthersAreCreated() throws Exception {
        Process net = holder("true", "--net");
        Path ns = Path.of("/proc/" + net.pid() + "/ns/net");
        Path root = OciSpecs.freshRoot(ts, "netjoin");
        String out = runToEnd(OciSpecs.run(root, "readlink /proc/self/ns/net; readlink /proc/self/ns/uts")
                .line("nsjoin", "net", ns).finish());
        List<String> links = out.lines().toList();
        assertThat(links.get(0)).isEqualTo(Files.readSymbolicLink(ns).toString())
                .isNotEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString());
        assertThat(links.get(1)).as("uts is still created").startsWith("uts:[")
                .isNotEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/uts")).toString());
    }

    @Test
    void aJoinedMountNamespaceIsWhereTheChildMountsAndSeesTheHoldersMounts() throws Exception {
        Path root = OciSpecs.freshRoot(ts, "mntjoin");
        Files.createDirectories(root.resolve("j"));
        // unshare's mounts are private: this tmpfs exists only in the holder's mount namespace
        Process mnt = holder("mount -t tmpfs held " + root.resolve("j") + " && echo in-the-holders-ns > "
                + root.resolve("j/f"), "--mount");
        String out = runToEnd(OciSpecs.base(root, "pid,uts,ipc", "cat /j/f")
                .line("nsjoin", "mnt", "/proc/" + mnt.pid() + "/ns/mnt").finish());
        assertThat(out).isEqualTo("in-the-holders-ns\n");
        assertThat(root.resolve("j/f")).as("not in our mount namespace").doesNotExist();
    }

    /**
     * A joined user namespace comes first: the clone's new namespaces are owned by it, so the child, root there,
     * may mount its /proc (in a pid namespace owned by the initial user namespace it could not). The namespace
     * is a sandbox's own (the helper maps 0-65535 onto the host's, leaving setgroups allowed).
     */
    @Test
    void aJoinedUserNamespaceOwnsTheNamespacesTheCloneCreates() throws Exception {
        Path first = OciSpecs.freshRoot(ts, "userns-holder");
        ProtocolWriter holder = new ProtocolWriter().line("mode", "run").line("ns", "user,mnt,pid")
                .line("uidmap", 0, 0, 65536).line("gidmap", 0, 0, 65536).line("root", first).line("rootbind", 1)
                .line("arg", "/bin/sleep").line("arg", "600").line("user", 0, 0);
        try (RawHelper h = RawHelper.start(ts.root(), holder.finish())) {
            long pid = h.awaitPid();
            h.go();
            assertThat(h.line()).as(h.stderr()).startsWith("started ");
            Path userns = Path.of("/proc/" + pid + "/ns/user");
            Path root = OciSpecs.freshRoot(ts, "userns-join");
            String out = runToEnd(new ProtocolWriter().line("mode", "run").line("ns", "mnt,pid,uts,ipc")
                    .line("nsjoin", "user", userns).line("root", root).line("rootbind", 1)
                    .line("mount", "proc", "/proc", "proc", OciSpecs.PROC_FLAGS, null, "dir")
                    .line("arg", "/bin/sh").line("arg", "-c")
                    .line("arg", "readlink /proc/self/ns/user; cat /proc/self/uid_map; id -u")
                    .line("env", "PATH=/bin").line("user", 0, 0).finish());
            List<String> lines = out.lines().toList();
            assertThat(lines.get(0)).isEqualTo(Files.readSymbolicLink(userns).toString())
                    .isNotEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/user")).toString());
            assertThat(lines.get(1).trim().split("\\s+")).containsExactly("0", "0", "65536");
            assertThat(lines.get(2)).isEqualTo("0");
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            assertThat(h.waitFor()).isEqualTo(137);
        }
    }

    @Test
    void joinFailuresNameTheNamespace() {
        Path root = OciSpecs.freshRoot(ts, "joinfail");
        assertThat(failure(OciSpecs.run(root, "true").line("nsjoin", "net", ts.root().resolve("nothing"))
                .finish(), false)).isEqualTo("error open%20namespace%20net 2");
        // a mount namespace's file is no network namespace: setns refuses it in the helper, before the clone
        assertThat(failure(OciSpecs.run(root, "true").line("nsjoin", "net", "/proc/self/ns/mnt").finish(), false))
                .isEqualTo("error setns%20net 22");
        // the mount namespace is entered by the child after go, and reported from there
        assertThat(failure(OciSpecs.base(root, "pid", "true").line("nsjoin", "mnt", "/proc/self/ns/net").finish(),
                true)).isEqualTo("error setns%20mnt 22");
    }

    @Test
    void sysctlsAreWrittenInTheSandboxesNamespacesBeforeItsProcSysIsReadOnly() throws Exception {
        Path domain = Path.of("/proc/sys/kernel/domainname");
        Path forward = Path.of("/proc/sys/net/ipv4/ip_forward");
        String hostDomain = Files.readString(domain);
        String hostForward = Files.readString(forward);
        Path root = OciSpecs.freshRoot(ts, "sysctl");
        String out = runToEnd(OciSpecs.run(root, "cat /proc/sys/kernel/domainname /proc/sys/net/ipv4/ip_forward;"
                        + " { echo 0 > /proc/sys/net/ipv4/ip_forward; } 2>&1; true")
                .line("ns", "mnt,pid,uts,ipc,net")
                .line("sysctl", "kernel.domainname", "example.test")
                .line("sysctl", "net.ipv4.ip_forward", hostForward.strip().equals("1") ? "0" : "1")
                .line("readonly", "/proc/sys").finish());
        List<String> lines = out.lines().toList();
        assertThat(lines.get(0)).isEqualTo("example.test");
        assertThat(lines.get(1)).isNotEqualTo(hostForward.strip());
        assertThat(lines.get(2)).contains("Read-only file system");
        assertThat(Files.readString(domain)).isEqualTo(hostDomain);
        assertThat(Files.readString(forward)).isEqualTo(hostForward);
    }

    @Test
    void aSysctlThatIsNotThereOrLeavesProcSysFails() throws Exception {
        Path root = OciSpecs.freshRoot(ts, "sysctlfail");
        assertThat(failure(OciSpecs.run(root, "true").line("sysctl", "kernel.no_such_key", "1").finish(), true))
                .isEqualTo("error sysctl%20kernel.no_such_key 2");
        // No /proc mounted, and the root plants proc/sys/kernel/domainname as a way out: openat2 beneath
        // proc/sys refuses it (EXDEV) and the file it points at stays as it was.
        Path planted = Files.createDirectories(root.resolve("proc/sys/kernel")).resolve("domainname");
        Files.createSymbolicLink(planted, Path.of("../../../etc/hostname"));
        String spec = new ProtocolWriter().line("mode", "run").line("ns", "mnt,pid,uts").line("root", root)
                .line("rootbind", 1).line("sysctl", "kernel.domainname", "planted").line("arg", "/bin/true")
                .line("user", 0, 0).finish();
        assertThat(failure(spec, true)).isEqualTo("error sysctl%20kernel.domainname 18");
        assertThat(Files.readString(root.resolve("etc/hostname"))).isEqualTo("edgefusion\n");
    }
}
