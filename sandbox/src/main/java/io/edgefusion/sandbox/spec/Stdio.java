package io.edgefusion.sandbox.spec;

/**
 * How the workload's standard streams connect to the caller (docker's {@code -i} and {@code -t}).
 *
 * @param interactive stdin is attached (otherwise the sandbox's own /dev/null)
 * @param tty         the workload gets a terminal: a pty from the sandbox's own devpts, relayed by EdgeFusion
 */
public record Stdio(boolean interactive, boolean tty) {
    public static final Stdio DETACHED = new Stdio(false, false);
}
