package io.edgefusion.runtime.spec;

import io.edgefusion.sandbox.spec.DeviceSpec;
import io.edgefusion.sandbox.spec.MountSpec;
import io.edgefusion.sandbox.spec.Network;
import io.edgefusion.sandbox.spec.NetworkJoin;
import io.edgefusion.sandbox.spec.SandboxSpec;
import io.edgefusion.sandbox.spec.Security;
import io.edgefusion.sandbox.spec.Stdio;

import java.util.List;
import java.util.Set;

/**
 * The parts of a sandbox spec no image has a say in (see {@link SandboxSpec} for each field): what
 * {@code run}'s flags set beyond command, environment, working directory, user, name and limits.
 *
 * @param hostname null for the short id
 * @param join     the CNI network of a {@code bridge} sandbox, else null
 */
public record SandboxOptions(String hostname, Network network, boolean readOnly, boolean rootless,
                             Set<String> capAdd, Set<String> capDrop, List<MountSpec> mounts,
                             List<SandboxSpec.Rlimit> rlimits, boolean ergonomics, Stdio stdio, Security security,
                             List<DeviceSpec> devices, NetworkJoin join) {
    /** docker's defaults: no network, docker's capabilities and seccomp policy, ergonomics injected. */
    public static final SandboxOptions DEFAULT = new SandboxOptions(null, Network.NONE, false, false, Set.of(),
            Set.of(), List.of(), List.of(), true, Stdio.DETACHED, Security.DEFAULT, List.of(), null);

    public SandboxOptions {
        capAdd = Set.copyOf(capAdd);
        capDrop = Set.copyOf(capDrop);
        mounts = List.copyOf(mounts);
        rlimits = List.copyOf(rlimits);
        devices = List.copyOf(devices);
    }
}
