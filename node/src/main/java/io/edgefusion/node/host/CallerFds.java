package io.edgefusion.node.host;

/**
 * Where a command's caller's stdio lives as file descriptors: in process {@code pid}, numbers {@code in},
 * {@code out}, {@code err}. A cold CLI is its own caller ({@link #self()}: 0, 1, 2); in a node they are the fds
 * the thin client handed over (SCM_RIGHTS), held by the node for the command's lifetime. An attached workload
 * gets the non-terminal ones as its own 0, 1, 2 (the helper duplicates them with pidfd_getfd); a terminal is
 * relayed, never handed in. A number of -1 says no fd stands behind that stream (e.g. a test's captured
 * stream): the workload's stdio is then relayed through {@link Invocation}'s stream.
 */
public record CallerFds(long pid, int in, int out, int err) {
    public static CallerFds self() {
        return new CallerFds(ProcessHandle.current().pid(), 0, 1, 2);
    }
}
