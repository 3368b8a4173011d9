package io.edgefusion.node.stats;

import java.util.OptionalDouble;

/**
 * CPU use between two readings as docker shows it: 100 % is one CPU fully busy, so a sandbox using four CPUs
 * shows 400 %. Without an earlier reading the first one is the sandbox's start (usage 0 at {@code startedAt}):
 * the average over its life so far.
 *
 * @param percent       the figure; empty when the counters are missing
 * @param windowSeconds how long the readings are apart
 */
public record CpuPercent(OptionalDouble percent, double windowSeconds) {
    public static final CpuPercent NONE = new CpuPercent(OptionalDouble.empty(), 0);

    public static CpuPercent between(SandboxSample earlier, SandboxSample now) {
        if (now.cpuNanos().isEmpty()) {
            return NONE;
        }
        long cpu = now.cpuNanos().getAsLong();
        long wallNanos;
        if (earlier != null && earlier.cpuNanos().isPresent() && earlier.monoNanos() < now.monoNanos()) {
            cpu -= earlier.cpuNanos().getAsLong();
            wallNanos = now.monoNanos() - earlier.monoNanos();
        } else if (now.startedAt() > 0) {
            wallNanos = (now.time().toEpochMilli() - now.startedAt()) * 1_000_000L;
        } else {
            return NONE;
        }
        if (wallNanos <= 0 || cpu < 0) {
            return new CpuPercent(OptionalDouble.of(0), Math.max(0, wallNanos) / 1e9);
        }
        return new CpuPercent(OptionalDouble.of(100.0 * cpu / wallNanos), wallNanos / 1e9);
    }
}
