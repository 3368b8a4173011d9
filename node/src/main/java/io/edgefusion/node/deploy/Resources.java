package io.edgefusion.node.deploy;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/** A workload's limits: {@code memory} in bytes, {@code cpus} as a CPU quota, {@code pids} as pids.max. */
public record Resources(OptionalLong memoryBytes, OptionalDouble cpus, OptionalLong pids) {
    public static Resources none() {
        return new Resources(OptionalLong.empty(), OptionalDouble.empty(), OptionalLong.empty());
    }
}
