package io.edgefusion.kernel.cgroup;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Memory settings beyond {@link LimitSettings}. Empty fields leave the kernel as is.
 *
 * @param swappiness       v1 {@code memory.swappiness} (0..100 in the spec; the kernel takes up to 200). Refused on
 *                         v2, which has no per-cgroup swappiness: a silent no-op would let a workload that asked
 *                         for "never swap" (0) swap
 * @param disableOomKiller v1 {@code memory.oom_control} 1 (true) or 0 (false). On v2 true is refused (the kernel
 *                         cannot disable it there) and false is what v2 always does
 * @param kernelBytes      deprecated kernel memory limit: never written, reported as a warning
 * @param kernelTcpBytes   deprecated kernel TCP buffer limit: never written, reported as a warning
 */
public record MemoryExtras(OptionalLong swappiness, Optional<Boolean> disableOomKiller, OptionalLong kernelBytes,
                           OptionalLong kernelTcpBytes) {

    public MemoryExtras {
        if (swappiness.isPresent() && swappiness.getAsLong() < 0) {
            throw new IllegalArgumentException("memory swappiness " + swappiness.getAsLong() + ": negative");
        }
    }

    public static MemoryExtras none() {
        return new MemoryExtras(OptionalLong.empty(), Optional.empty(), OptionalLong.empty(), OptionalLong.empty());
    }

    public boolean isEmpty() {
        return swappiness.isEmpty() && disableOomKiller.isEmpty() && kernelBytes.isEmpty() && kernelTcpBytes.isEmpty();
    }

    public MemoryExtras withSwappiness(long v) {
        return new MemoryExtras(OptionalLong.of(v), disableOomKiller, kernelBytes, kernelTcpBytes);
    }

    public MemoryExtras withOomKillerDisabled(boolean disabled) {
        return new MemoryExtras(swappiness, Optional.of(disabled), kernelBytes, kernelTcpBytes);
    }

    public MemoryExtras withKernel(long bytes) {
        return new MemoryExtras(swappiness, disableOomKiller, OptionalLong.of(bytes), kernelTcpBytes);
    }

    public MemoryExtras withKernelTcp(long bytes) {
        return new MemoryExtras(swappiness, disableOomKiller, kernelBytes, OptionalLong.of(bytes));
    }
}
