package io.edgefusion.node.stats;

import io.edgefusion.kernel.cgroup.CgroupStats;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One reading of one sandbox's cgroup counters.
 *
 * @param id           full sandbox id
 * @param name         its name, or null
 * @param running      false for a named sandbox that is not running (its counters are then absent)
 * @param time         wall time of the reading
 * @param monoNanos    {@link System#nanoTime()} of the reading, for CPU deltas
 * @param startedAt    when its PID 1 started (epoch ms), for the CPU average of a first reading; 0 unknown
 * @param stats        the counters; absent when not running or its cgroup is gone
 * @param memoryLimit  the limit set on its cgroup, else the host's memory (as docker shows it)
 */
public record SandboxSample(String id, String name, boolean running, Instant time, long monoNanos, long startedAt,
                            Optional<CgroupStats> stats, OptionalLong memoryLimit) {

    public String shortId() {
        return id.substring(0, Math.min(12, id.length()));
    }

    public OptionalLong cpuNanos() {
        return stats.flatMap(CgroupStats::cpu).map(CgroupStats.Cpu::usageNanos).orElse(OptionalLong.empty());
    }
}
