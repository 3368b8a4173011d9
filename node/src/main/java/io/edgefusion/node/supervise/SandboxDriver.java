package io.edgefusion.node.supervise;

import io.edgefusion.kernel.cgroup.LimitSettings;
import io.edgefusion.node.deploy.Resources;
import io.edgefusion.node.deploy.WorkloadSpec;
import io.edgefusion.sandbox.BuiltinRootfs;
import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.spec.Network;
import io.edgefusion.sandbox.spec.SandboxSpec;
import io.edgefusion.sandbox.spec.Security;
import io.edgefusion.sandbox.spec.Stdio;
import io.edgefusion.sandbox.state.SandboxNames;
import io.edgefusion.sandbox.state.SandboxState;

import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** {@link WorkloadDriver} over one state root's {@link Sandboxes}. */
public final class SandboxDriver implements WorkloadDriver {
    private final Path root;
    private final Sandboxes sandboxes;
    private final ExitWatcher watcher;

    public SandboxDriver(Path root, Sandboxes sandboxes, ExitWatcher watcher) {
        this.root = root;
        this.sandboxes = sandboxes;
        this.watcher = watcher;
    }

    public Sandboxes sandboxes() {
        return sandboxes;
    }

    @Override
    public Started start(String name, WorkloadSpec w) {
        Sandboxes.RunResult r = sandboxes.run(spec(name, w), true, OutputStream.nullOutputStream());
        return new Started(r.id(), r.name());
    }

    /** The sandbox a workload runs in: docker's defaults (network none, default seccomp) plus its own fields. */
    SandboxSpec spec(String name, WorkloadSpec w) {
        List<Path> layers;
        List<String> command = w.command();
        java.util.Map<String, String> env = w.env();
        String workdir = null;
        String user = null;
        String image = null;
        switch (w.source()) {
            case WorkloadSpec.Source.Rootfs r -> {
                String s = r.directory().toString();
                layers = List.of(s.startsWith(BuiltinRootfs.PREFIX) ? BuiltinRootfs.resolve(s, root)
                        : r.directory().toAbsolutePath().normalize());
            }
            // builtin:busybox is no image in the store but a directory made under the root, as run takes it
            case WorkloadSpec.Source.Image i when i.reference().startsWith(BuiltinRootfs.PREFIX) ->
                    layers = List.of(BuiltinRootfs.resolve(i.reference(), root));
            case WorkloadSpec.Source.Image i -> {
                ImageSources src = ImageSources.resolve(root, i.reference(), command, env);
                layers = src.layers();
                command = src.command();
                env = src.env();
                workdir = src.workdir();
                user = src.user();
                image = i.reference();
            }
        }
        if (command.isEmpty()) {
            throw new IllegalArgumentException("workload " + w.name() + ": no command (and no image entrypoint)");
        }
        return new SandboxSpec(name, layers, command, env, workdir, user, null, limits(w.resources()), Network.NONE,
                false, false, Set.of(), Set.of(), List.of(), List.of(), true, false, image, null, Stdio.DETACHED,
                Security.DEFAULT, List.of());
    }

    static LimitSettings limits(Resources r) {
        LimitSettings l = LimitSettings.none();
        if (r.memoryBytes().isPresent()) {
            l = l.withMemory(r.memoryBytes().getAsLong());
        }
        if (r.cpus().isPresent()) {
            l = l.withCpus(r.cpus().getAsDouble());
        }
        if (r.pids().isPresent()) {
            l = l.withPidsMax(r.pids().getAsLong());
        }
        return l;
    }

    @Override
    public void stop(String nameOrId, Duration grace) {
        String id;
        try {
            id = sandboxes.resolve(nameOrId);
        } catch (SandboxNames.NoSuchSandbox e) {
            return;
        }
        int seconds = (int) Math.max(0, (grace.toMillis() + 999) / 1000);
        try {
            sandboxes.stop(id, seconds);
            sandboxes.remove(id, true);
        } catch (SandboxNames.NoSuchSandbox e) {
            // removed meanwhile: what we wanted
        }
    }

    @Override
    public Status status(String nameOrId) {
        try {
            return of(sandboxes.inspect(nameOrId));
        } catch (SandboxNames.NoSuchSandbox e) {
            return new Status.Gone();
        }
    }

    private static Status of(SandboxState s) {
        return switch (s.status()) {
            case RUNNING, PAUSED, CREATING -> new Status.Running();
            case EXITED -> new Status.Exited(s.exitCode() == null ? OptionalInt.empty() : OptionalInt.of(s.exitCode()));
            case DEAD -> new Status.Exited(OptionalInt.empty());
        };
    }

    @Override
    public Optional<String> idOf(String name) {
        try {
            SandboxState s = sandboxes.inspect(name);
            return name.equals(s.name()) ? Optional.of(s.id()) : Optional.empty();
        } catch (SandboxNames.NoSuchSandbox e) {
            return Optional.empty();
        }
    }

    @Override
    public List<Listed> list() {
        return sandboxes.list().stream().map(s -> new Listed(s.id(), s.name(), of(s))).toList();
    }

    /**
     * Watches the reaper: it records the exit and then ends, so its end means the exit record is there (or, if
     * the reaper itself was killed, that its sandbox died with it: PID 1 has the reaper's death as its
     * parent-death signal). A record without a reaper (older layout) watches PID 1.
     */
    @Override
    public AutoCloseable onExit(String id, Runnable onExit) {
        SandboxState s;
        try {
            s = sandboxes.inspect(id);
        } catch (SandboxNames.NoSuchSandbox e) {
            Thread.ofVirtual().start(onExit);
            return () -> { };
        }
        if (s.status() != io.edgefusion.sandbox.state.Status.RUNNING
                && s.status() != io.edgefusion.sandbox.state.Status.PAUSED) {
            Thread.ofVirtual().start(onExit);
            return () -> { };
        }
        if (s.reaperPid() != null && s.reaperStartTicks() != null) {
            return watcher.watch(s.reaperPid(), s.reaperStartTicks(), onExit);
        }
        return watcher.watch(s.pid(), s.pidStartTicks(), onExit);
    }

    @Override
    public List<String> collectGarbage() {
        return sandboxes.gc();
    }
}
