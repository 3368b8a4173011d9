package io.edgefusion.runtime;

import io.edgefusion.image.build.BuildProgress;
import io.edgefusion.image.build.Builder;
import io.edgefusion.image.oci.ImageRef;
import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.unpack.UnpackOptions;
import io.edgefusion.kernel.cgroup.LimitSettings;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.runtime.build.SandboxRunStep;
import io.edgefusion.runtime.lease.Lease;
import io.edgefusion.runtime.lease.LeaseOwner;
import io.edgefusion.runtime.lease.Leases;
import io.edgefusion.runtime.rootfs.RootfsSource;
import io.edgefusion.runtime.spec.LaunchRequest;
import io.edgefusion.runtime.spec.SandboxOptions;
import io.edgefusion.sandbox.Attach;
import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.spec.SandboxSpec;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The one launch path of run and the node: source, image defaults, leases, a real sandbox. */
@KernelTest
class LauncherKernelTest {
    private final TestSandboxes ts = new TestSandboxes();

    @AfterEach
    void tearDown() {
        ts.close();
    }

    private Launcher launcher(Path cwd) {
        return new Launcher(ts.sandboxes(), ts.root(), cwd, InstantSource.system());
    }

    /** demo/base:1: busybox, an ENV, a WORKDIR, a CMD, and a RUN step (through SandboxRunStep) that writes a file. */
    private ImageStore baseImage() throws Exception {
        Path ctx = Files.createDirectories(ts.root().resolve("ctx"));
        assertThat(new ProcessBuilder("cp", "-a", ts.busybox().toString(), ctx.resolve("rootfs").toString())
                .start().waitFor()).isZero();
        Files.writeString(ctx.resolve("Buildfile"), """
                FROM scratch
                COPY rootfs/ /
                ENV GREETING=hello
                WORKDIR /srv/app
                RUN sh -c 'echo built > /srv/app/stamp'
                CMD ["sh", "-c", "echo $GREETING from $(pwd) $(cat stamp)"]
                """);
        ImageStore store = ImageStore.open(ts.root());
        ByteArrayOutputStream runOutput = new ByteArrayOutputStream();
        new Builder(store, new SandboxRunStep(ts.sandboxes(), runOutput, runOutput), BuildProgress.NONE, UnpackOptions.defaults())
                .build(ctx.resolve("Buildfile"), ctx, ImageRef.parse("demo/base:1"), 0);
        return store;
    }

    private static String run(Launcher l, LaunchRequest r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Sandboxes.RunResult res = l.launch(r, Attach.output(out));
        assertThat(res.exitCode()).as(out.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anImageRunsWithItsDefaultsUnderTheCallersValues() throws Exception {
        ImageStore store = baseImage();
        Launcher l = launcher(Path.of("/"));
        assertThat(run(l, LaunchRequest.of("demo/base:1", List.of(), Map.of(), LimitSettings.none(), null, false)))
                .isEqualTo("hello from /srv/app built\n");
        assertThat(run(l, new LaunchRequest("demo/base:1", null, List.of("sh", "-c", "echo $GREETING $(pwd)"),
                Map.of("GREETING", "hi"), "/tmp", null, LimitSettings.none(), false, true, SandboxOptions.DEFAULT)))
                .isEqualTo("hi /tmp\n");

        // The kept sandbox holds the image's layers until removed; no pending lease outlives a launch.
        Leases leases = new Leases(store, InstantSource.system());
        List<Lease> held = leases.list();
        assertThat(held).singleElement().satisfies(x -> {
            assertThat(x.owner()).isInstanceOf(LeaseOwner.Sandbox.class);
            assertThat(x.expiresAt()).isEmpty();
        });
        String id = ((LeaseOwner.Sandbox) held.getFirst().owner()).id();
        assertThat(ts.sandboxes().inspect(id).spec().image()).isEqualTo("demo/base:1");
        ts.sandboxes().remove(id, true);
        assertThat(Leases.sync(ts.root(), InstantSource.system())).hasSize(1);
        assertThat(leases.list()).isEmpty();
    }

    @Test
    void aRelativeRootfsIsTheCallersAndHasNoImageDefaults() throws Exception {
        Launcher l = launcher(ts.busybox().getParent());
        String name = ts.busybox().getFileName().toString();
        RootfsSource src = l.resolve(name);
        assertThat(src.layers()).containsExactly(ts.busybox().toAbsolutePath().normalize());
        SandboxSpec spec = l.spec(src, LaunchRequest.of(name, List.of("sh", "-c", "echo $A"), Map.of("A", "b"),
                LimitSettings.none().withPidsMax(32), "launcher-test", false));
        assertThat(spec.image()).as("a directory is no image").isNull();
        assertThat(spec.limits().pidsMax()).hasValue(32);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Sandboxes.RunResult r = l.start(src, spec, false, Attach.output(out));
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("b\n");
        assertThat(r.name()).isEqualTo("launcher-test");
        assertThat(r.exitCode()).isZero();
    }
}
