package io.edgefusion.sandbox.state;

/**
 * What the reaper wrote when PID 1 ended (native/PROTOCOL.md): exit code as docker reports it (128 + N after
 * signal N), the signal or null, and start/finish times in epoch milliseconds.
 */
public record ExitRecord(long pid, int exitCode, Integer signal, long startedAt, long finishedAt) {
}
