package io.edgefusion.guardian.prevent;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link BindGuard} achieved for one sandbox: the contract's network rule enforced in the kernel, or only
 * detected (the guardian's listening check) with the one-line reason prevention is off. Never an exception: a host
 * without cgroup BPF still starts its sandboxes.
 */
public sealed interface Prevention {
    String sandboxId();

    /**
     * Bind programs attached to {@code cgroupDir}; {@link #refusals()} is the counter to check each round.
     * {@link #remove()} detaches them (when the cgroup still exists) and closes the counter; removing the sandbox's
     * cgroup releases them too, so calling it after the sandbox is gone only closes the counter.
     */
    record Enforcing(String sandboxId, Path cgroupDir, List<Integer> programIds, BindRefusals refusals)
            implements Prevention {
        public Enforcing {
            programIds = List.copyOf(programIds);
        }

        public void remove() {
            refusals.detach();
        }
    }

    /** Detection only: {@code reason} is one line, e.g. "no cgroup2 mount on this host". */
    record DetectionOnly(String sandboxId, String reason) implements Prevention {
    }
}
