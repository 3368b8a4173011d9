package io.edgefusion.sandbox;

import io.edgefusion.kernel.cgroup.CgroupManager;
import io.edgefusion.kernel.cgroup.CgroupStats;
import io.edgefusion.kernel.cgroup.FreezerState;
import io.edgefusion.kernel.proc.ProcStat;
import io.edgefusion.kernel.sys.Errno;
import io.edgefusion.kernel.sys.ErrnoException;
import io.edgefusion.kernel.sys.KernelException;
import io.edgefusion.kernel.sys.Libc;
import io.edgefusion.sandbox.state.ExitRecord;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.state.StateStore;
import io.edgefusion.sandbox.state.Status;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Status, stop, kill, rm and gc: everything that acts on sandboxes that already exist. */
final class SandboxControl {
    private static final long REAPER_WAIT_MS = 5000;

    private final Sandboxes sandboxes;
    private final StateStore store;

    SandboxControl(Sandboxes sandboxes) {
        this.sandboxes = sandboxes;
        this.store = sandboxes.store();
    }

    /**
     * Every sandbox; a detached {@code --rm} sandbox that has exited is removed on sight — there is no daemon
     * to do it the moment it exits, so {@code ps}, {@code gc} and every listing finish the job.
     */
    List<SandboxState> list() {
        List<SandboxState> out = new ArrayList<>();
        for (String id : store.ids()) {
            SandboxState s = get(id);
            if (s.status() == Status.EXITED && s.spec() != null && s.spec().autoRemove()) {
                destroy(s.id(), s.name(), s.reaperPid());
                continue;
            }
            out.add(s);
        }
        return out;
    }

    /** The record with its status brought up to date; a directory without a record is a DEAD half-made one. */
    SandboxState get(String id) {
        Optional<SandboxState> s = store.read(id);
        if (s.isEmpty()) {
            return new SandboxState(id, null, null, Status.DEAD, 0, 0, 0, null, null, null, null, null, null, null,
                    null, sandboxes.cgroupPath(id), Map.of(), "no state record (creation was interrupted)");
        }
        return refresh(s.get());
    }

    /**
     * Derives the live status: a RUNNING record with an exit record is finalised (and persisted) as EXITED, with
     * the OOM kill count read from its cgroup; one whose PID 1 is gone without an exit record is DEAD; a
     * CREATING record whose creator died is DEAD.
     */
    SandboxState refresh(SandboxState s) {
        return switch (s.status()) {
            case CREATING -> ProcStat.alive(s.creatorPid(), s.creatorStartTicks()) ? s : as(s, Status.DEAD);
            case RUNNING -> {
                Optional<ExitRecord> exit = store.exit(s.id());
                if (exit.isPresent()) {
                    SandboxState done = s.exited(exit.get(), oomKilled(s.id()));
                    store.write(done);
                    yield done;
                }
                if (s.pid() != null && ProcStat.alive(s.pid(), s.pidStartTicks())) {
                    yield frozen(s.id()) ? as(s, Status.PAUSED) : s;
                }
                yield as(s, Status.DEAD);
            }
            default -> s;
        };
    }

    private static SandboxState as(SandboxState s, Status status) {
        return new SandboxState(s.id(), s.name(), s.spec(), status, s.createdAt(), s.creatorPid(),
                s.creatorStartTicks(), s.pid(), s.pidStartTicks(), s.reaperPid(), s.startedAt(), s.finishedAt(),
                s.exitCode(), s.signal(), s.oomKilled(), s.cgroupPath(), s.injectedEnv(), s.error());
    }

    private boolean oomKilled(String id) {
        try {
            CgroupStats st = sandboxes.cgroup(id).stats();
            return st.memory().map(m -> m.oomKills() > 0).orElse(false);
        } catch (KernelException e) {
            return false;
        }
    }

    private boolean frozen(String id) {
        try {
            return sandboxes.cgroup(id).freezerState() == FreezerState.FROZEN;
        } catch (KernelException e) {
            return false;
        }
    }

    private static boolean live(Status s) {
        return s == Status.RUNNING || s == Status.PAUSED || s == Status.CREATING;
    }

    SandboxState stop(String id, int timeoutSeconds) {
        SandboxState s = get(id);
        if (s.status() != Status.RUNNING && s.status() != Status.PAUSED) {
            return s;
        }
        CgroupManager cg = sandboxes.cgroup(id);
        if (s.status() == Status.PAUSED) {
            cg.thaw();
        }
        signal(s, Libc.SIGTERM);
        if (!awaitExit(id, timeoutSeconds * 1000L)) {
            cg.killAll();
            awaitExit(id, REAPER_WAIT_MS);
        }
        return get(id);
    }

    void kill(String id, int signal) {
        SandboxState s = get(id);
        if (s.status() != Status.RUNNING && s.status() != Status.PAUSED) {
            throw new IllegalStateException("sandbox " + s.shortId() + " is " + s.status().label()
                    + ", not running");
        }
        signal(s, signal);
    }

    private static void signal(SandboxState s, int signal) {
        try {
            Libc.kill(Math.toIntExact(s.pid()), signal);
        } catch (ErrnoException e) {
            if (!e.is(Errno.ESRCH)) {
                throw e;
            }
        }
    }

    private boolean awaitExit(String id, long millis) {
        Path exit = store.dir(id).resolve(StateStore.EXIT);
        long deadline = System.currentTimeMillis() + millis;
        while (!Files.exists(exit)) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            sleep(20);
        }
        return true;
    }

    void remove(String id, boolean force) {
        SandboxState s = get(id);
        if (live(s.status()) && !force) {
            throw new IllegalStateException("sandbox " + (s.name() != null ? s.name() : s.shortId()) + " is "
                    + s.status().label() + ": stop it first, or use rm -f");
        }
        destroy(id, s.name(), s.reaperPid());
    }

    /**
     * Removes every trace, tolerating each part being absent: kill the cgroup's tasks, wait for the reaper (when
     * known) to record the exit, remove the cgroup, the state directory and the name. Mounts need no step: the root
     * overlay lives only in the sandbox's own mount namespace and vanishes with its last process.
     */
    void destroy(String id, String name, Long reaperPid) {
        CgroupManager cg = sandboxes.cgroup(id);
        cg.killAll();
        if (reaperPid != null) {
            long deadline = System.currentTimeMillis() + REAPER_WAIT_MS;
            while (ProcessHandle.of(reaperPid).map(ProcessHandle::isAlive).orElse(false)
                    && System.currentTimeMillis() < deadline) {
                sleep(10);
            }
        }
        cg.remove();
        store.delete(id);
        if (name != null) {
            store.releaseName(name, id);
        }
    }

    List<String> gc() {
        List<String> removed = new ArrayList<>();
        for (SandboxState s : list()) {
            if (s.status() == Status.DEAD) {
                destroy(s.id(), s.name(), s.reaperPid());
                removed.add(s.id());
            }
        }
        // Cgroups whose sandbox directory is gone (a CLI killed between rm's steps).
        for (Path d : strayCgroups()) {
            String id = d.getFileName().toString();
            if (!Files.exists(store.dir(id))) {
                CgroupManager cg = sandboxes.cgroup(id);
                cg.killAll();
                cg.remove();
                removed.add(id);
            }
        }
        // The parent itself goes once empty; a busy parent (a sandbox was just created) stays.
        try {
            CgroupManager parent = CgroupManager.of(sandboxes.layout(), sandboxes.cgroupParent());
            if (parent.pids().isEmpty() && strayCgroups().isEmpty()) {
                parent.remove();
            }
        } catch (ErrnoException e) {
            if (!e.is(Errno.EBUSY)) {
                throw e;
            }
        }
        return removed;
    }

    private List<Path> strayCgroups() {
        List<Path> out = new ArrayList<>();
        CgroupManager parent = CgroupManager.of(sandboxes.layout(), sandboxes.cgroupParent());
        parent.paths().dirs().values().stream().findFirst().ifPresent(d -> {
            if (Files.isDirectory(d.dir())) {
                try (Stream<Path> s = Files.list(d.dir())) {
                    s.filter(Files::isDirectory).forEach(out::add);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        return out;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
