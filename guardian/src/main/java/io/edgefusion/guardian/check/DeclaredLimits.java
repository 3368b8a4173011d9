package io.edgefusion.guardian.check;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/** The limits a workload's deployment declares ({@code resources:}); empty = none declared (unlimited). */
public record DeclaredLimits(OptionalLong memoryBytes, OptionalDouble cpus, OptionalLong pids) {
    public static DeclaredLimits none() {
        return new DeclaredLimits(OptionalLong.empty(), OptionalDouble.empty(), OptionalLong.empty());
    }
}
