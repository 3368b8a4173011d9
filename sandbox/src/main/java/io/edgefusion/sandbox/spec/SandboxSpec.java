package io.edgefusion.sandbox.spec;

import io.edgefusion.kernel.cgroup.LimitSettings;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a sandbox is made of, as the user asked for it. Immutable; persisted with the sandbox's state.
 *
 * @param name        unique name, or null to derive one from the id
 * @param layers      read-only lower directories of the root, top first: a rootfs directory, or image layers
 * @param command     argv; resolved in the sandbox's PATH
 * @param env         environment, in order; runtime ergonomics are added unless set here
 * @param workdir     working directory inside the sandbox
 * @param user        {@code uid[:gid]} or a user name from the rootfs's /etc/passwd; null for root
 * @param hostname    null for the short id
 * @param limits      cgroup limits
 * @param readOnly    the root filesystem is mounted read-only
 * @param rootless    run in a user namespace mapped to an unprivileged host id range
 * @param capAdd      capability names added to docker's default set
 * @param capDrop     capability names dropped from it
 * @param ergonomics  inject GOMAXPROCS, GOMEMLIMIT and JAVA_TOOL_OPTIONS computed from the limits
 * @param autoRemove  remove everything when the workload exits
 * @param image       the image the layers came from, for diff/commit and display (the sandbox never parses it);
 *                    null for a root filesystem directory
 * @param external    a root overlay prepared elsewhere (a build's RUN), or null for the sandbox's own
 * @param stdio       stdin and terminal ({@code -i}, {@code -t})
 * @param security    seccomp, no_new_privs, privileged
 * @param devices     host devices granted ({@code --device})
 * @param join        the CNI network of a {@link Network#BRIDGE} sandbox (null for none and host)
 */
public record SandboxSpec(String name, List<Path> layers, List<String> command, Map<String, String> env,
                          String workdir, String user, String hostname, LimitSettings limits, Network network,
                          boolean readOnly, boolean rootless, Set<String> capAdd, Set<String> capDrop,
                          List<MountSpec> mounts, List<Rlimit> rlimits, boolean ergonomics, boolean autoRemove,
                          String image, ExternalRoot external, Stdio stdio, Security security,
                          List<DeviceSpec> devices, NetworkJoin join) {

    /** A POSIX resource limit ({@code --ulimit nofile=1024:4096}). */
    public record Rlimit(String name, long soft, long hard) {
    }

    public SandboxSpec {
        layers = List.copyOf(layers);
        command = List.copyOf(command);
        env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
        capAdd = Set.copyOf(capAdd);
        capDrop = Set.copyOf(capDrop);
        mounts = List.copyOf(mounts);
        rlimits = List.copyOf(rlimits);
        devices = devices == null ? List.of() : List.copyOf(devices);
        if (stdio == null) {
            stdio = Stdio.DETACHED;
        }
        if (security == null) {
            security = Security.DEFAULT;
        }
        if (workdir == null) {
            workdir = "/";
        }
        if (network == null) {
            network = Network.NONE;
        }
        if ((network == Network.BRIDGE) != (join != null)) {
            throw new IllegalArgumentException("network " + network.name().toLowerCase(java.util.Locale.ROOT)
                    + (join == null ? ": names no network to join" : ": joins no network (" + join.network() + ")"));
        }
        if (limits == null) {
            limits = LimitSettings.none();
        }
    }

    /** A spec with defaults: root user, no limits, network none, ergonomics on. */
    public static SandboxSpec of(Path rootfs, List<String> command) {
        return new SandboxSpec(null, List.of(rootfs), command, Map.of(), "/", null, null, LimitSettings.none(),
                Network.NONE, false, false, Set.of(), Set.of(), List.of(), List.of(), true, false, null, null,
                Stdio.DETACHED, Security.DEFAULT, List.of(), null);
    }

    public SandboxSpec withName(String n) {
        return new SandboxSpec(n, layers, command, env, workdir, user, hostname, limits, network, readOnly, rootless,
                capAdd, capDrop, mounts, rlimits, ergonomics, autoRemove, image, external, stdio,
                security, devices, join);
    }

    public SandboxSpec withLimits(LimitSettings l) {
        return new SandboxSpec(name, layers, command, env, workdir, user, hostname, l, network, readOnly, rootless,
                capAdd, capDrop, mounts, rlimits, ergonomics, autoRemove, image, external, stdio,
                security, devices, join);
    }

    public SandboxSpec withEnv(Map<String, String> e) {
        return new SandboxSpec(name, layers, command, e, workdir, user, hostname, limits, network, readOnly,
                rootless, capAdd, capDrop, mounts, rlimits, ergonomics, autoRemove, image, external, stdio,
                security, devices, join);
    }

    public SandboxSpec withOptions(String user, String hostname, boolean readOnly, boolean rootless,
                                   boolean ergonomics, boolean autoRemove) {
        return new SandboxSpec(name, layers, command, env, workdir, user, hostname, limits, network, readOnly,
                rootless, capAdd, capDrop, mounts, rlimits, ergonomics, autoRemove, image, external, stdio,
                security, devices, join);
    }

    public SandboxSpec withWorkdir(String w) {
        return new SandboxSpec(name, layers, command, env, w, user, hostname, limits, network, readOnly, rootless,
                capAdd, capDrop, mounts, rlimits, ergonomics, autoRemove, image, external, stdio,
                security, devices, join);
    }

    public SandboxSpec withNetwork(Network n) {
        return withNetwork(n, null);
    }

    /** {@code n} with the network it joins ({@link Network#BRIDGE} only). */
    public SandboxSpec withNetwork(Network n, NetworkJoin j) {
        return new SandboxSpec(name, layers, command, env, workdir, user, hostname, limits, n, readOnly, rootless,
                capAdd, capDrop, mounts, rlimits, ergonomics, autoRemove, image, external, stdio,
                security, devices, j);
    }

    public SandboxSpec withCapabilities(Set<String> add, Set<String> drop) {
        return new SandboxSpec(name, layers, command, env, workdir, user, hostname, limits, network, readOnly,
                rootless, add, drop, mounts, rlimits, ergonomics, autoRemove, image, external, stdio,
                security, devices, join);
    }

    public SandboxSpec withMounts(List<MountSpec> m) {
        return new SandboxSpec(name, layers, command, env, workdir, user, hostname, limits, network, readOnly,
                rootless, capAdd, capDrop, m, rlimits, ergonomics, autoRemove, image, external, stdio,
                security, devices, join);
    }

    public SandboxSpec withImage(String ref) {
        return new SandboxSpec(name, layers, command, env, workdir, user, hostname, limits, network, readOnly,
                rootless, capAdd, capDrop, mounts, rlimits, ergonomics, autoRemove, ref, external, stdio, security,
                devices, join);
    }

    public SandboxSpec withExternalRoot(ExternalRoot root) {
        return new SandboxSpec(name, layers, command, env, workdir, user, hostname, limits, network, readOnly,
                rootless, capAdd, capDrop, mounts, rlimits, ergonomics, autoRemove, image, root, stdio, security,
                devices, join);
    }

    public SandboxSpec withCommand(List<String> cmd) {
        return new SandboxSpec(name, layers, cmd, env, workdir, user, hostname, limits, network, readOnly,
                rootless, capAdd, capDrop, mounts, rlimits, ergonomics, autoRemove, image, external, stdio,
                security, devices, join);
    }

    public SandboxSpec withRlimits(List<Rlimit> r) {
        return new SandboxSpec(name, layers, command, env, workdir, user, hostname, limits, network, readOnly,
                rootless, capAdd, capDrop, mounts, r, ergonomics, autoRemove, image, external, stdio,
                security, devices, join);
    }

    public SandboxSpec withStdio(Stdio s) {
        return new SandboxSpec(name, layers, command, env, workdir, user, hostname, limits, network, readOnly,
                rootless, capAdd, capDrop, mounts, rlimits, ergonomics, autoRemove, image, external, s, security,
                devices, join);
    }

    public SandboxSpec withSecurity(Security s) {
        return new SandboxSpec(name, layers, command, env, workdir, user, hostname, limits, network, readOnly,
                rootless, capAdd, capDrop, mounts, rlimits, ergonomics, autoRemove, image, external, stdio, s,
                devices, join);
    }

    public SandboxSpec withDevices(List<DeviceSpec> d) {
        return new SandboxSpec(name, layers, command, env, workdir, user, hostname, limits, network, readOnly,
                rootless, capAdd, capDrop, mounts, rlimits, ergonomics, autoRemove, image, external, stdio,
                security, d, join);
    }
}
