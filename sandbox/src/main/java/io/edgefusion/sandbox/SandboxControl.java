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
import io.edgefusion.sandbox.state.SandboxLock;
import io.edgefusion.sandbox.state.SandboxNames;
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

    /** Every sandbox, its status derived; reads only — nothing on disk or in the cgroups changes. */
    List<SandboxState> list() {
        List<SandboxState> out = new ArrayList<>();
        for (String id : store.ids()) {
            out.add(get(id));
        }
        return out;
    }

    /** The record with its status brought up to date; a directory without a record is a DEAD half-made one. */
    SandboxState get(String id) {
        Optional<SandboxState> s = store.read(id);
        if (s.isEmpty()) {
            return new SandboxState(id, null, null, Status.DEAD, 0, 0, 0, null, null, null, null, null, null, null,
                    null, null, sandboxes.cgroupPath(id), Map.of(), "no state record (creation was interrupted)");
        }
        return refresh(s.get());
    }

    /**
     * Derives the live status without writing anything: a RUNNING record with an exit record is EXITED, with the
     * OOM kill count read from its cgroup; one whose reaper (pid plus start time, so a reused pid does not count)
     * is gone without an exit record is DEAD (as is one without a recorded reaper whose PID 1 is gone); while the
     * reaper lives the sandbox is RUNNING even if PID 1 just ended; a CREATING record whose creator died is DEAD.
     */
    SandboxState refresh(SandboxState s) {
        return switch (s.status()) {
            case CREATING -> ProcStat.alive(s.creatorPid(), s.creatorStartTicks()) ? s : s.as(Status.DEAD);
            case RUNNING, PAUSED -> {
                Optional<ExitRecord> exit = store.exit(s.id());
                if (exit.isPresent()) {
                    yield s.exited(exit.get(), oomKilled(s.id()));
                }
                boolean init = s.pid() != null && ProcStat.alive(s.pid(), s.pidStartTicks());
                // PID 1 gone but its reaper alive is the moment the reaper is writing the exit record: still
                // running (it is exiting), never DEAD. Without a recorded reaper, PID 1 alone decides.
                if (s.reaperPid() == null ? init : reaperAlive(s)) {
                    yield s.as(frozen(s.id()) ? Status.PAUSED : Status.RUNNING);
                }
                // The reaper may have written the record and ended between the first look and now.
                Optional<ExitRecord> late = store.exit(s.id());
                if (late.isPresent()) {
                    yield s.exited(late.get(), oomKilled(s.id()));
                }
                yield s.as(Status.DEAD);
            }
            default -> s;
        };
    }

    /** A record from before reapers were recorded with their start time counts as alive while its pid is. */
    private static boolean reaperAlive(SandboxState s) {
        if (s.reaperPid() == null) {
            return true;
        }
        return s.reaperStartTicks() != null ? ProcStat.alive(s.reaperPid(), s.reaperStartTicks())
                : ProcessHandle.of(s.reaperPid()).map(ProcessHandle::isAlive).orElse(false);
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

    /** SIGTERM, then SIGKILL to the cgroup; a DEAD sandbox (reaper gone) has whatever is left killed at once. */
    SandboxState stop(String id, int timeoutSeconds) {
        try (SandboxLock l = store.lock(id)) {
            SandboxState s = get(id);
            CgroupManager cg = sandboxes.cgroup(id);
            if (s.status() == Status.DEAD) {
                cg.killAll();
                return get(id);
            }
            if (s.status() != Status.RUNNING && s.status() != Status.PAUSED) {
                return s;
            }
            if (s.status() == Status.PAUSED) {
                cg.thaw();
                Held.deleteMarker(store.dir(id).resolve(StateStore.FROZEN_BY));
            }
            signal(s, Libc.SIGTERM);
            if (!awaitExit(id, timeoutSeconds * 1000L)) {
                cg.killAll();
                awaitExit(id, REAPER_WAIT_MS);
            }
            return get(id);
        }
    }

    void kill(String id, int signal) {
        try (SandboxLock l = store.lock(id)) {
            SandboxState s = get(id);
            if (s.status() != Status.RUNNING && s.status() != Status.PAUSED) {
                throw new IllegalStateException("sandbox " + s.shortId() + " is " + s.status().label()
                        + ", not running");
            }
            signal(s, signal);
        }
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
        try (SandboxLock l = store.lock(id)) {
            SandboxState s = get(id);
            if (live(s.status()) && !force) {
                throw new IllegalStateException("sandbox " + (s.name() != null ? s.name() : s.shortId()) + " is "
                        + s.status().label() + ": stop it first, or use rm -f");
            }
            destroy(s, true);
        }
    }

    /**
     * The reaper's last act for a detached {@code --rm} sandbox (see {@link AutoRemove}): once the exit record
     * is there, remove it. The reaper is this very process (it exec'd us), so there is nothing to wait for.
     */
    void removeAfterExit(String id) {
        try (SandboxLock l = store.lock(id)) {
            if (store.exit(id).isEmpty()) {
                throw new IllegalStateException("sandbox " + id + " has no exit record: not removing it");
            }
            destroy(get(id), false);
        }
    }

    /**
     * Removes every trace, tolerating each part being absent: kill the cgroup's tasks (a frozen cgroup is thawed
     * for it), wait for the reaper (when asked and known) to record the exit, remove the cgroup, the name, then
     * the state directory. The caller holds the sandbox's lock. Mounts need no step: the root overlay lives only
     * in the sandbox's own mount namespace and vanishes with its last process.
     */
    void destroy(SandboxState s, boolean awaitReaper) {
        String id = s.id();
        CgroupManager cg = sandboxes.cgroup(id);
        cg.killAll();
        if (awaitReaper && s.reaperPid() != null) {
            long deadline = System.currentTimeMillis() + REAPER_WAIT_MS;
            while (reaperAlive(s) && System.currentTimeMillis() < deadline) {
                sleep(10);
            }
        }
        if (frozen(id)) {
            cg.thaw();
        }
        cg.remove();
        // After killAll (nothing uses the interfaces any more), before the record goes: DEL needs the cache and
        // the bound netns, and a failed DEL keeps its cache entry for gc without stopping this removal.
        new SandboxNetwork(store).detach(id);
        if (s.name() != null) {
            store.releaseName(s.name(), id);
        }
        store.delete(id);
    }

    /**
     * Finishes what others left: removes DEAD sandboxes and exited {@code --rm} ones whose reaper could not,
     * thaws a sandbox frozen by a {@code commit} that died, removes cgroups without a sandbox and names without
     * one. A sandbox another command holds locked is busy, not abandoned: it is skipped.
     */
    List<String> gc() {
        List<String> removed = new ArrayList<>();
        for (String id : store.ids()) {
            Optional<SandboxLock> lock = store.tryLock(id);
            if (lock.isEmpty()) {
                continue;
            }
            try (SandboxLock l = lock.get()) {
                SandboxState s = get(id);
                boolean leftOver = s.status() == Status.EXITED && s.spec() != null && s.spec().autoRemove()
                        && !reaperAlive(s);
                if (s.status() == Status.DEAD || leftOver) {
                    destroy(s, true);
                    removed.add(s.id());
                } else if (s.status() == Status.PAUSED && committerDied(id)) {
                    sandboxes.cgroup(id).thaw();
                    Held.deleteMarker(store.dir(id).resolve(StateStore.FROZEN_BY));
                }
            }
        }
        // Cgroups whose sandbox directory is gone (a CLI killed between rm's steps).
        for (Path d : strayCgroups()) {
            String id = d.getFileName().toString();
            if (SandboxNames.isId(id) && !Files.exists(store.dir(id))) {
                CgroupManager cg = sandboxes.cgroup(id);
                cg.killAll();
                cg.remove();
                removed.add(id);
            }
        }
        // CNI attachments and netns binds whose sandbox directory is gone (a CLI killed between rm's steps).
        for (String id : new SandboxNetwork(store).gc()) {
            if (!removed.contains(id)) {
                removed.add(id);
            }
        }
        store.pruneNames();
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

    /** The sandbox was frozen by a process (commit) that is gone: its {@code frozen-by} names a dead pid. */
    private boolean committerDied(String id) {
        Path marker = store.dir(id).resolve(StateStore.FROZEN_BY);
        String text;
        try {
            text = Files.readString(marker).strip();
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + marker, e);
        }
        String[] f = text.split(" ");
        if (f.length != 2 || !f[0].matches("[0-9]{1,10}") || !f[1].matches("[0-9]{1,19}")) {
            return true; // a marker we did not write: nothing alive vouches for the freeze
        }
        return !ProcStat.alive(Long.parseLong(f[0]), Long.parseLong(f[1]));
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
