package io.edgefusion.runtime.diagnose.throttling;

/** A line of the workload's log and the epoch-ms time the reaper logged it. */
public record LogLine(long epochMillis, String text) {
}
