package io.edgefusion.sandbox;

import io.edgefusion.kernel.cgroup.CgroupManager;
import io.edgefusion.kernel.proc.ProcStat;
import io.edgefusion.sandbox.state.SandboxLock;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.state.StateStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A sandbox under its lock (see {@link Sandboxes#hold}). While held, no other rm, stop, kill, commit or gc acts on
 * it; closing releases the lock.
 */
public final class Held implements AutoCloseable {
    private final Sandboxes sandboxes;
    private final String id;
    private final SandboxLock lock;

    Held(Sandboxes sandboxes, String id, SandboxLock lock) {
        this.sandboxes = sandboxes;
        this.id = id;
        this.lock = lock;
    }

    /** The record with its status brought up to date. */
    public SandboxState state() {
        return sandboxes.control().get(id);
    }

    /**
     * Freezes the sandbox's cgroup until the returned handle is closed. Writes {@code frozen-by} (this process's
     * pid and start time) first: a process killed while the sandbox is frozen leaves the marker, and {@code gc}
     * thaws a sandbox whose marker names a process that is gone.
     */
    public Frozen freeze() {
        Path marker = sandboxes.stateDir(id).resolve(StateStore.FROZEN_BY);
        ProcStat me = ProcStat.of(ProcessHandle.current().pid()).orElseThrow();
        StateStore.writeAtomically(marker, (me.pid() + " " + me.startTicks() + "\n").getBytes(StandardCharsets.US_ASCII));
        CgroupManager cg = sandboxes.cgroup(id);
        try {
            cg.freeze();
        } catch (RuntimeException e) {
            deleteMarker(marker);
            throw e;
        }
        return () -> {
            cg.thaw();
            deleteMarker(marker);
        };
    }

    static void deleteMarker(Path marker) {
        try {
            Files.deleteIfExists(marker);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + marker, e);
        }
    }

    /** A frozen sandbox; closing thaws it. */
    public interface Frozen extends AutoCloseable {
        @Override
        void close();
    }

    @Override
    public void close() {
        lock.close();
    }
}
