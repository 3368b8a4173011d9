package io.edgefusion.sandbox.state;

import io.edgefusion.sandbox.spec.SandboxSpec;

import java.util.Map;

/**
 * The persisted record of one sandbox ({@code <root>/sandboxes/<id>/state.json}), rewritten atomically at each
 * step so a CLI killed at any point leaves a record that says how far it got.
 *
 * @param creatorPid       the CLI that is creating it (with its start time), so a half-made sandbox whose
 *                         creator died is recognisable
 * @param pid              host pid of the sandbox's PID 1, once cloned
 * @param pidStartTicks    its start time in clock ticks since boot, to tell it from a recycled pid
 * @param reaperPid        host pid of the helper that waits for PID 1
 * @param reaperStartTicks its start time, so a dead reaper is noticed even when its pid is reused
 * @param cgroupPath       cgroup path in every hierarchy
 * @param injectedEnv      runtime ergonomics added to the environment
 * @param oomKilled        the kernel's OOM killer ended a process of the sandbox
 */
public record SandboxState(String id, String name, SandboxSpec spec, Status status, long createdAt,
                           long creatorPid, long creatorStartTicks, Long pid, Long pidStartTicks, Long reaperPid,
                           Long reaperStartTicks, Long startedAt, Long finishedAt, Integer exitCode, Integer signal,
                           Boolean oomKilled, String cgroupPath, Map<String, String> injectedEnv, String error) {

    public String shortId() {
        return id.substring(0, 12);
    }

    public SandboxState withPid(long p, long ticks, long reaper, long reaperTicks) {
        return new SandboxState(id, name, spec, status, createdAt, creatorPid, creatorStartTicks, p, ticks, reaper,
                reaperTicks, startedAt, finishedAt, exitCode, signal, oomKilled, cgroupPath, injectedEnv, error);
    }

    public SandboxState running(long started) {
        return new SandboxState(id, name, spec, Status.RUNNING, createdAt, creatorPid, creatorStartTicks, pid,
                pidStartTicks, reaperPid, reaperStartTicks, started, finishedAt, exitCode, signal, oomKilled, cgroupPath,
                injectedEnv, error);
    }

    public SandboxState exited(ExitRecord e, boolean oom) {
        if (!status.canBecome(Status.EXITED)) {
            throw new IllegalStateException("sandbox " + shortId() + ": no transition " + status + " -> EXITED");
        }
        return new SandboxState(id, name, spec, Status.EXITED, createdAt, creatorPid, creatorStartTicks, pid,
                pidStartTicks, reaperPid, reaperStartTicks, e.startedAt(), e.finishedAt(), e.exitCode(), e.signal(), oom,
                cgroupPath, injectedEnv, error);
    }

    /** The same record with a status derived from the live system; must be a transition {@link Status} allows. */
    public SandboxState as(Status next) {
        if (next == status) {
            return this;
        }
        if (!status.canBecome(next)) {
            throw new IllegalStateException("sandbox " + shortId() + ": no transition " + status + " -> " + next);
        }
        return new SandboxState(id, name, spec, next, createdAt, creatorPid, creatorStartTicks, pid, pidStartTicks,
                reaperPid, reaperStartTicks, startedAt, finishedAt, exitCode, signal, oomKilled, cgroupPath,
                injectedEnv, error);
    }

    public SandboxState withEnv(Map<String, String> injected) {
        return new SandboxState(id, name, spec, status, createdAt, creatorPid, creatorStartTicks, pid, pidStartTicks,
                reaperPid, reaperStartTicks, startedAt, finishedAt, exitCode, signal, oomKilled, cgroupPath, injected,
                error);
    }
}
