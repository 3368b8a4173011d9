package io.edgefusion.oci.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.oci.testing.OciWorld;
import io.edgefusion.sandbox.oci.config.OciConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The spec's lifecycle through the real CLI: create leaves a process that has not run the program, start runs it,
 * state follows it, kill and delete end it and leave nothing behind; wrong-state verbs fail in one line.
 */
@KernelTest
class OciLifecycleKernelTest {
    private final OciWorld world = new OciWorld();

    @AfterEach
    void tearDown() {
        world.close();
    }

    private JsonNode state(String id) throws Exception {
        return OciConfigs.json().readTree(world.ok("state", id).out());
    }

    @Test
    void createWaitsStartRunsKillStopsDeleteRemoves() throws Exception {
        Path marker = Path.of("ran");
        Path bundle = world.bundle("c1").args("/bin/sh", "-c", "echo started > /ran; exec sleep 600").write();
        Path pidFile = world.dir().resolve("c1.pid");
        world.ok("create", "--bundle", bundle.toString(), "--pid-file", pidFile.toString(), "c1");
        JsonNode created = state("c1");
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(created.get("status").asText()).isEqualTo("created");
        assertThat(created.get("pid").asLong()).isEqualTo(pid);
        assertThat(created.get("id").asText()).isEqualTo("c1");
        assertThat(created.get("bundle").asText()).isEqualTo(bundle.toString());
        assertThat(created.get("ociVersion").asText()).isEqualTo("1.2.0");
        assertThat(bundle.resolve("rootfs").resolve(marker)).doesNotExist(); // the program has not run
        assertThat(world.cgroup("c1").pids()).containsExactly(pid);

        world.ok("start", "c1");
        assertThat(state("c1").get("status").asText()).isEqualTo("running");
        assertThat(Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"))).startsWith("sleep");
        assertThat(bundle.resolve("rootfs").resolve(marker)).hasContent("started\n");

        OciWorld.Result busy = world.oci("delete", "c1");
        assertThat(busy.code()).isEqualTo(1);
        assertThat(busy.err()).isEqualTo("edgefusion-oci: cannot delete container c1 that is running (stop it"
                + " first, or use --force)\n");

        world.ok("kill", "c1", "KILL");
        waitFor(() -> "stopped".equals(stateOrNull("c1")));
        assertThat(state("c1").get("pid").asLong()).isZero();
        world.ok("delete", "c1");
        assertThat(world.stateRoot().resolve("c1")).doesNotExist();
        assertThat(world.cgroup("c1").paths().dirs().values()).allSatisfy(d -> assertThat(d.dir()).doesNotExist());
        OciWorld.Result gone = world.oci("state", "c1");
        assertThat(gone.code()).isEqualTo(1);
        assertThat(gone.err()).isEqualTo("edgefusion-oci: container c1 does not exist\n");
    }

    @Test
    void runAttachedExitsWithTheProgramsCodeAndItsOutput() {
        Path bundle = world.bundle("r1").args("/bin/sh", "-c", "echo out; echo err >&2; exit 42").write();
        OciWorld.Result r = world.oci("run", "--bundle", bundle.toString(), "r1");
        assertThat(r.code()).isEqualTo(42);
        assertThat(r.out()).isEqualTo("out\n");
        assertThat(r.err()).isEqualTo("err\n");
        assertThat(world.stateRoot().resolve("r1")).doesNotExist(); // run deletes what it made
    }

    @Test
    void aMissingProgramFailsCreateAsPodmanExpectsAndLeavesNothing() {
        Path bundle = world.bundle("m1").args("/bin/nope").write();
        OciWorld.Result r = world.oci("create", "--bundle", bundle.toString(), "m1");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("/bin/nope").contains("no such file or directory");
        assertThat(world.stateRoot().resolve("m1")).doesNotExist();
        assertThat(world.cgroup("m1").paths().dirs().values()).allSatisfy(d -> assertThat(d.dir()).doesNotExist());
    }

    @Test
    void execPauseResumePsAndList() throws Exception {
        Path bundle = world.bundle("e1").args("/bin/sleep", "600").write();
        world.ok("run", "--detach", "--bundle", bundle.toString(), "e1");
        OciWorld.Result e = world.oci("exec", "e1", "/bin/sh", "-c", "echo in $(hostname); exit 3");
        assertThat(e.code()).isEqualTo(3);
        assertThat(e.out()).isEqualTo("in oci-test\n");
        JsonNode ps = OciConfigs.json().readTree(world.ok("ps", "--format", "json", "e1").out());
        assertThat(ps).hasSize(1);
        world.ok("pause", "e1");
        assertThat(state("e1").get("status").asText()).isEqualTo("paused");
        OciWorld.Result again = world.oci("pause", "e1");
        assertThat(again.err()).isEqualTo("edgefusion-oci: cannot pause container e1: it is paused\n");
        world.ok("resume", "e1");
        assertThat(state("e1").get("status").asText()).isEqualTo("running");
        assertThat(world.ok("list", "-q").out()).isEqualTo("e1\n");
        JsonNode list = OciConfigs.json().readTree(world.ok("list", "--format", "json").out());
        assertThat(list.get(0).get("status").asText()).isEqualTo("running");
        world.ok("delete", "--force", "e1");
        assertThat(world.ok("list", "-q").out()).isEmpty();
    }

    @Test
    void createTwiceIsRefusedWithoutTouchingTheFirst() throws Exception {
        Path bundle = world.bundle("d1").args("/bin/sleep", "600").write();
        world.ok("create", "--bundle", bundle.toString(), "d1");
        OciWorld.Result r = world.oci("create", "--bundle", bundle.toString(), "d1");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("edgefusion-oci: container with id d1 exists already\n");
        assertThat(state("d1").get("status").asText()).isEqualTo("created");
        world.ok("delete", "d1"); // a created container needs no --force
        assertThat(world.stateRoot().resolve("d1")).doesNotExist();
    }

    @Test
    void badConfigIsOneLineWithFileLineAndColumn() throws Exception {
        Path bundle = world.bundle("b1").write();
        Files.writeString(bundle.resolve("config.json"), "{\"ociVersion\":\"1.2.0\",\n\"process\":{\"args\":5}}");
        OciWorld.Result r = world.oci("create", "--bundle", bundle.toString(), "b1");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("edgefusion-oci: " + bundle.resolve("config.json") + ":2:")
                .contains("process.args").hasLineCount(1);
        assertThat(world.stateRoot().resolve("b1")).doesNotExist();
    }

    @Test
    void logFormatJsonIsWhatConmonReads() throws Exception {
        Path log = world.dir().resolve("oci.log");
        OciWorld.Result r = world.oci("--log", log.toString(), "--log-format", "json", "state", "nope");
        assertThat(r.code()).isEqualTo(1);
        JsonNode line = OciConfigs.json().readTree(Files.readString(log));
        assertThat(line.get("level").asText()).isEqualTo("error");
        assertThat(line.get("msg").asText()).isEqualTo("container nope does not exist");
        assertThat(line.get("time").asText()).isNotEmpty();
    }

    private String stateOrNull(String id) {
        OciWorld.Result r = world.oci("state", id);
        if (r.code() != 0) {
            return null;
        }
        try {
            return OciConfigs.json().readTree(r.out()).get("status").asText();
        } catch (Exception e) {
            return null;
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.onSpinWait();
        }
    }
}
