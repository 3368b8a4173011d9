package io.edgefusion.oci.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.oci.testing.OciBundle;
import io.edgefusion.oci.testing.OciWorld;
import io.edgefusion.sandbox.oci.config.OciConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The six hook points through the real CLI: their order, the state each reads on stdin, their env and args,
 * timeouts, the namespaces they run in, and what a failure at each point does to the lifecycle.
 */
@KernelTest
class OciHooksKernelTest {
    private static final String[] POINTS = {"prestart", "createRuntime", "createContainer", "startContainer",
            "poststart", "poststop"};

    private final OciWorld world = new OciWorld();

    @AfterEach
    void tearDown() {
        world.close();
    }

    /** A /bin/sh script under the world's directory; returns its path. */
    private String script(String name, String body) throws IOException {
        Path p = world.dir().resolve(name + ".sh");
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p.toString();
    }

    private static ObjectNode hook(ObjectNode config, String point, String path, List<String> args,
                                   List<String> env, Integer timeout) {
        ObjectNode hooks = config.has("hooks") ? (ObjectNode) config.get("hooks") : config.putObject("hooks");
        ArrayNode list = hooks.has(point) ? (ArrayNode) hooks.get(point) : hooks.putArray(point);
        ObjectNode h = list.addObject().put("path", path);
        if (args != null) {
            args.forEach(h.putArray("args")::add);
        }
        if (env != null) {
            env.forEach(h.putArray("env")::add);
        }
        if (timeout != null) {
            h.put("timeout", timeout);
        }
        return h;
    }

    private JsonNode state(String id) throws Exception {
        return OciConfigs.json().readTree(world.ok("state", id).out());
    }

    /**
     * One line per hook run, "POINT STATE-JSON", and the hook's environment beside it. createContainer runs in
     * the container's mount namespace before pivot_root, so the host's paths are still its own; startContainer's
     * path resolves in the container (the spec's words), so it is a copy in the root and logs to the root's file.
     */
    @Test
    void everyPointRunsInOrderWithItsStateEnvAndArgs() throws Exception {
        Path log = world.dir().resolve("hooks.log");
        String body = "printf '%s ' \"$1\" >> \"$2\"; cat >> \"$2\"; echo >> \"$2\";"
                + " tr '\\0' '\\n' < /proc/$$/environ > \"$2.$1.env\"";
        String rec = script("rec", body);
        OciBundle b = world.bundle("h1").args("/bin/sleep", "600");
        Files.copy(Path.of(rec), b.rootfs().resolve("rec.sh"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        for (String point : POINTS) {
            boolean inside = point.equals("startContainer");
            hook(b.config(), point, inside ? "/rec.sh" : rec, List.of("rec", point, inside ? "/sc.log" : log.toString()),
                    List.of("HOOK=" + point, "A=b c"), null);
        }
        Path bundle = b.write();
        Path scLog = b.rootfs().resolve("sc.log");
        world.ok("create", "--bundle", bundle.toString(), "h1");
        long pid = state("h1").get("pid").asLong();
        assertThat(points(log)).containsExactly("prestart", "createRuntime", "createContainer");
        assertThat(scLog).doesNotExist();
        world.ok("start", "h1");
        assertThat(points(scLog)).containsExactly("startContainer");
        assertThat(points(log)).containsExactly("prestart", "createRuntime", "createContainer", "poststart");
        world.ok("kill", "h1", "KILL");
        OciLifecycleKernelTest.waitFor(() -> {
            try {
                return state("h1").get("status").asText().equals("stopped");
            } catch (Exception e) {
                return false;
            }
        });
        world.ok("delete", "h1");
        assertThat(points(log)).containsExactly("prestart", "createRuntime", "createContainer", "poststart",
                "poststop");

        List<JsonNode> states = new ArrayList<>(states(log));
        states.add(3, states(scLog).getFirst());
        String[] status = {"creating", "creating", "creating", "created", "running", "stopped"};
        for (int i = 0; i < POINTS.length; i++) {
            JsonNode s = states.get(i);
            assertThat(s.get("id").asText()).as(POINTS[i]).isEqualTo("h1");
            assertThat(s.get("bundle").asText()).as(POINTS[i]).isEqualTo(bundle.toString());
            assertThat(s.get("status").asText()).as(POINTS[i]).isEqualTo(status[i]);
            assertThat(s.get("ociVersion").asText()).as(POINTS[i]).isNotEmpty();
            if (i < 5) { // the spec gives a pid while the process exists
                assertThat(s.get("pid").asLong()).as(POINTS[i]).isEqualTo(pid);
            }
        }
        for (String point : POINTS) {
            Path env = point.equals("startContainer") ? b.rootfs().resolve("sc.log.startContainer.env")
                    : world.dir().resolve("hooks.log." + point + ".env");
            assertThat(Files.readAllLines(env)).as(point).containsExactlyInAnyOrder("HOOK=" + point, "A=b c");
        }
    }

    private static List<String> points(Path log) throws IOException {
        return Files.exists(log) ? Files.readAllLines(log).stream().map(l -> l.split(" ", 2)[0]).toList() : List.of();
    }

    private static List<JsonNode> states(Path log) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(log)) {
            out.add(OciConfigs.json().readTree(l.split(" ", 2)[1]));
        }
        return out;
    }

    @Test
    void createContainerAndStartContainerRunInTheContainersNamespaces() throws Exception {
        OciBundle b = world.bundle("n1").args("/bin/sleep", "600");
        String body = "for n in mnt uts net; do readlink /proc/self/ns/$n; done > \"$1\"";
        String ns = script("ns", body);
        Files.copy(Path.of(ns), b.rootfs().resolve("ns.sh"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        Path cc = world.dir().resolve("cc.ns"); // before pivot_root: the host's paths
        hook(b.config(), "createContainer", ns, List.of("ns", cc.toString()), null, null);
        hook(b.config(), "startContainer", "/ns.sh", List.of("ns", "/sc.ns"), null, null);
        Path bundle = b.write();
        world.ok("create", "--bundle", bundle.toString(), "n1");
        long pid = state("n1").get("pid").asLong();
        List<String> inside = List.of(link(pid, "mnt"), link(pid, "uts"), link(pid, "net"));
        assertThat(Files.readAllLines(cc).getFirst()).isEqualTo(inside.getFirst())
                .isNotEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")).toString());
        world.ok("start", "n1");
        assertThat(Files.readAllLines(b.rootfs().resolve("sc.ns"))).containsExactlyElementsOf(inside);
        assertThat(inside.get(1)).isNotEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/uts")).toString());
        assertThat(inside.get(2)).isNotEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString());
    }

    private static String link(long pid, String ns) throws IOException {
        return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", ns)).toString();
    }

    @Test
    void aFailingCreateHookFailsCreateInOneLineAndLeavesNothing() throws Exception {
        String fail = script("fail", "exit 3");
        for (String point : new String[]{"prestart", "createRuntime", "createContainer"}) {
            String id = "f-" + point.toLowerCase();
            OciBundle b = world.bundle(id).args("/bin/sleep", "600");
            hook(b.config(), point, fail, null, null, null);
            Path bundle = b.write();
            OciWorld.Result r = world.oci("create", "--bundle", bundle.toString(), id);
            assertThat(r.code()).as(point).isEqualTo(1);
            assertThat(r.err()).as(point).isEqualTo("edgefusion-oci: hook " + point + "[0] " + fail
                    + ": exit status 3\n");
            assertThat(world.stateRoot().resolve(id)).as(point).doesNotExist();
            assertThat(world.cgroup(id).paths().dirs().values()).as(point)
                    .allSatisfy(d -> assertThat(d.dir()).doesNotExist());
        }
    }

    @Test
    void aHookPastItsTimeoutIsKilledAndFailsTheStep() throws Exception {
        Path pidOf = world.dir().resolve("slow.pid");
        String slow = script("slow", "echo $$ > " + pidOf + "; exec sleep 600");
        OciBundle b = world.bundle("t1").args("/bin/sleep", "600");
        hook(b.config(), "prestart", slow, null, null, 1);
        OciWorld.Result r = world.oci("create", "--bundle", b.write().toString(), "t1");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("edgefusion-oci: hook prestart[0] " + slow + ": timed out after 1 s\n");
        long pid = Long.parseLong(Files.readString(pidOf).strip());
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(world.stateRoot().resolve("t1")).doesNotExist();
    }

    @Test
    void aFailingStartContainerHookFailsStartAndKillsTheProcess() throws Exception {
        OciBundle b = world.bundle("s1").args("/bin/sleep", "600");
        Files.copy(Path.of(script("fail", "echo nope >&2; exit 4")), b.rootfs().resolve("fail.sh"),
                java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        String fail = "/fail.sh"; // startContainer's path resolves in the container
        hook(b.config(), "startContainer", fail, null, null, null);
        world.ok("create", "--bundle", b.write().toString(), "s1");
        long pid = state("s1").get("pid").asLong();
        OciWorld.Result r = world.oci("start", "s1");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("edgefusion-oci: hook startContainer[0] " + fail + ": exit status 4: nope\n");
        OciLifecycleKernelTest.waitFor(() -> !Files.exists(Path.of("/proc", Long.toString(pid), "ns")));
        assertThat(state("s1").get("status").asText()).isEqualTo("stopped");
    }

    @Test
    void failingPoststartAndPoststopHooksOnlyWarn() throws Exception {
        String fail = script("fail", "exit 5");
        Path after = world.dir().resolve("after");
        String ok = script("ok", "echo \"$1\" >> " + after);
        OciBundle b = world.bundle("w1").args("/bin/sleep", "600");
        hook(b.config(), "poststart", fail, null, null, null);
        hook(b.config(), "poststart", ok, List.of("ok", "poststart"), null, null);
        hook(b.config(), "poststop", fail, null, null, null);
        hook(b.config(), "poststop", ok, List.of("ok", "poststop"), null, null);
        world.ok("create", "--bundle", b.write().toString(), "w1");
        OciWorld.Result started = world.ok("start", "w1");
        assertThat(started.err()).contains("hook poststart[0] " + fail + ": exit status 5").hasLineCount(1);
        assertThat(state("w1").get("status").asText()).isEqualTo("running");
        OciWorld.Result deleted = world.oci("delete", "--force", "w1");
        assertThat(deleted.code()).isZero();
        assertThat(deleted.err()).contains("hook poststop[0] " + fail + ": exit status 5").hasLineCount(1);
        assertThat(world.stateRoot().resolve("w1")).doesNotExist();
        assertThat(Files.readAllLines(after)).containsExactly("poststart", "poststop");
    }
}
