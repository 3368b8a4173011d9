package io.edgefusion.node.supervise;

import io.edgefusion.kernel.cgroup.LimitSettings;
import io.edgefusion.node.deploy.Resources;
import io.edgefusion.node.deploy.WorkloadSpec;
import io.edgefusion.runtime.Launcher;
import io.edgefusion.runtime.spec.LaunchRequest;
import io.edgefusion.runtime.spec.SandboxOptions;
import io.edgefusion.sandbox.spec.NetworkJoin;
import io.edgefusion.sandbox.Attach;
import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.state.SandboxNames;
import io.edgefusion.sandbox.state.SandboxState;

import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** {@link WorkloadDriver} over one state root's {@link Sandboxes}. */
public final class SandboxDriver implements WorkloadDriver {
    private static final System.Logger LOG = System.getLogger(SandboxDriver.class.getName());
    private final Launcher launcher;
    private final Sandboxes sandboxes;
    private final ExitWatcher watcher;
    private final java.util.function.Predicate<String> held;

    public SandboxDriver(Path root, Sandboxes sandboxes, ExitWatcher watcher) {
        this(root, sandboxes, watcher, id -> false);
    }

    /** @param held sandbox ids a guardian trip holds for forensics: {@link #stop} leaves them to the trip */
    public SandboxDriver(Path root, Sandboxes sandboxes, ExitWatcher watcher,
                         java.util.function.Predicate<String> held) {
        this.launcher = new Launcher(sandboxes, root, root, InstantSource.system());
        this.sandboxes = sandboxes;
        this.watcher = watcher;
        this.held = held;
    }

    public Sandboxes sandboxes() {
        return sandboxes;
    }

    /**
     * Starts the workload detached through the runtime's one launch path (the CLI's {@code run -d} too): its
     * source resolved (a rootfs, {@code builtin:}, or an image whose defaults its own fields override), the
     * image's layers leased for the sandbox's lifetime, docker's defaults for everything else.
     */
    @Override
    public Started start(String name, WorkloadSpec w) {
        String source = switch (w.source()) {
            case WorkloadSpec.Source.Rootfs r -> r.directory().toString();
            case WorkloadSpec.Source.Image i -> i.reference();
        };
        LaunchRequest req = LaunchRequest.of(source, w.command(), w.env(), limits(w.resources()), name, true);
        if (w.network().isPresent()) {
            // the file's network and ports, as run's --network and -p would give them
            NetworkJoin.Choice net = NetworkJoin.parse(w.network().get(), w.ports(), List.of(), List.of());
            SandboxOptions d = req.options();
            req = new LaunchRequest(req.source(), req.name(), req.command(), req.env(), req.workdir(), req.user(),
                    req.limits(), req.detach(), req.autoRemove(), new SandboxOptions(d.hostname(), net.mode(),
                    d.readOnly(), d.rootless(), d.capAdd(), d.capDrop(), d.mounts(), d.rlimits(), d.ergonomics(),
                    d.stdio(), d.security(), d.devices(), net.join()));
        }
        Sandboxes.RunResult r = launcher.launch(req, Attach.output(OutputStream.nullOutputStream()));
        return new Started(r.id(), r.name());
    }

    static LimitSettings limits(Resources r) {
        LimitSettings l = LimitSettings.none();
        if (r.memoryBytes().isPresent()) {
            // No swap beyond the limit: a workload at its limit is OOM-killed (and the guardian told) instead of
            // paging on the host, which on a device with swap would hide the fault and slow its neighbours.
            l = l.withMemory(r.memoryBytes().getAsLong()).withMemorySwap(r.memoryBytes().getAsLong());
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
        if (held.test(id)) {
            LOG.log(System.Logger.Level.INFO, "sandbox " + id.substring(0, 12) + " is held by a guardian trip:"
                    + " the trip removes it after its snapshot");
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
