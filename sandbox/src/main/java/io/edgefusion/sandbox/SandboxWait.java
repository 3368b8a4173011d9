package io.edgefusion.sandbox;

import io.edgefusion.kernel.proc.ProcStat;
import io.edgefusion.kernel.sys.ExitWatch;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.state.Status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code wait}: sleeps until a sandbox stops running, without re-reading its state in a loop. It watches the
 * process that decides the next step — the reaper of a running sandbox (it renames the exit record into the
 * state directory, then ends), the creator of one being created — with a pidfd, and the state directory with
 * inotify, and looks again only when one of them fires. The one-second wake-up is only there to notice an
 * interrupt (a client that went away).
 */
final class SandboxWait {
    private static final Duration WAKE = Duration.ofSeconds(1);

    private final Sandboxes sandboxes;

    SandboxWait(Sandboxes sandboxes) {
        this.sandboxes = sandboxes;
    }

    SandboxState await(String id) {
        Path dir = sandboxes.store().dir(id);
        while (true) {
            SandboxState s = current(id, dir);
            if (settled(s)) {
                return s;
            }
            Long watched = s.status() == Status.CREATING ? Long.valueOf(s.creatorPid())
                    : s.reaperPid() != null ? s.reaperPid() : s.pid();
            try (ExitWatch w = ExitWatch.of(watched, dir.toString())) {
                while (true) {
                    SandboxState again = current(id, dir);
                    if (settled(again)) {
                        return again;
                    }
                    if ((again.status() == Status.CREATING) != (s.status() == Status.CREATING)) {
                        break; // moved on to a step another process watches over
                    }
                    if (w.exited()) {
                        break; // the watched process is gone: what is derived now is final, or the next step's
                    }
                    w.await(WAKE);
                    if (Thread.currentThread().isInterrupted()) {
                        throw new IllegalStateException("interrupted while waiting for sandbox " + s.shortId());
                    }
                }
            }
        }
    }

    /**
     * Final: exited, or dead with its reaper gone too. The derived status stays RUNNING between PID 1's end and
     * the reaper's exit record; a DEAD one whose reaper still runs (a creator killed mid-run) is not final either.
     */
    private static boolean settled(SandboxState s) {
        if (live(s.status())) {
            return false;
        }
        return !(s.status() == Status.DEAD && s.reaperPid() != null && s.reaperStartTicks() != null
                && ProcStat.alive(s.reaperPid(), s.reaperStartTicks()));
    }

    private SandboxState current(String id, Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("sandbox " + id.substring(0, 12) + " was removed before its exit"
                    + " code was read");
        }
        return sandboxes.control().get(id);
    }

    private static boolean live(Status s) {
        return s == Status.RUNNING || s == Status.PAUSED || s == Status.CREATING;
    }
}
