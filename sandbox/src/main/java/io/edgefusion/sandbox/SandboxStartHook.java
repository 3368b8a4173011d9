package io.edgefusion.sandbox;

import io.edgefusion.sandbox.state.SandboxState;

/**
 * Runs while a new sandbox's PID 1 sits in its cgroup but has not been released to exec the workload: the one
 * moment something can be attached to the cgroup (the guardian's cgroup BPF bind programs) before the workload's
 * first syscall. A hook that throws fails the start, which then undoes everything, so a hook that may fail for
 * reasons of the host should report them instead of throwing.
 */
@FunctionalInterface
public interface SandboxStartHook {
    /** @param placed the sandbox as recorded with its PID 1 placed ({@code pid()}, {@code cgroupPath()}) */
    void placed(SandboxState placed);

    SandboxStartHook NONE = s -> { };
}
