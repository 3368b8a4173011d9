package io.edgefusion.sandbox;

import io.edgefusion.sandbox.spec.MountSpec;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The start hook runs with PID 1 in the sandbox's cgroup and before the workload's first instruction. */
class SandboxStartHookKernelTest {
    private final TestSandboxes ts = new TestSandboxes();

    @AfterEach
    void cleanUp() {
        ts.close();
    }

    @Test
    void theHookSeesPid1InItsCgroupBeforeTheWorkloadRuns() throws Exception {
        Path shared = Files.createDirectory(ts.root().resolve("shared"));
        List<String> seen = new CopyOnWriteArrayList<>();
        Sandboxes hooked = ts.sandboxes().withStartHook(s -> {
            seen.add(cgroupOf(s));
            write(shared.resolve("flag"), "written by the hook\n");
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // The workload prints what the hook wrote: had it run first, cat would fail (no such file).
        Sandboxes.RunResult r = hooked.run(ts.spec("cat", "/shared/flag")
                .withMounts(List.of(new MountSpec.Bind(shared, "/shared", true))), false, out);
        assertThat(r.exitCode()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("written by the hook\n");
        assertThat(seen).singleElement().asString().contains(ts.sandboxes().cgroupParent() + "/" + r.id());
    }

    @Test
    void aHookThatThrowsFailsTheStartAndLeavesNothing() {
        Sandboxes hooked = ts.sandboxes().withStartHook(s -> {
            throw new IllegalStateException("hook refused sandbox " + s.id());
        });
        assertThatThrownBy(() -> hooked.run(ts.spec("true"), true, java.io.OutputStream.nullOutputStream()))
                .hasMessageContaining("hook refused sandbox");
        assertThat(ts.sandboxes().list()).isEmpty();
    }

    /** The cgroup the placed PID 1 is in, from /proc (v2 line "0::/path", or any v1 line). */
    private static String cgroupOf(SandboxState s) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(s.pid()), "cgroup"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path p, String text) {
        try {
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
