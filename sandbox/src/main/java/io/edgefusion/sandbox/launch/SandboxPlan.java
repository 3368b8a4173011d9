package io.edgefusion.sandbox.launch;

import io.edgefusion.kernel.cgroup.CgroupLayout;
import io.edgefusion.sandbox.oci.config.OciProcess;
import io.edgefusion.sandbox.oci.plan.HelperPlan;
import io.edgefusion.sandbox.oci.plan.LaunchContext;
import io.edgefusion.sandbox.oci.plan.Relay;
import io.edgefusion.sandbox.oci.plan.RootSource;
import io.edgefusion.sandbox.oci.plan.Supervision;
import io.edgefusion.sandbox.seccomp.BpfProgram;
import io.edgefusion.sandbox.spec.ResolvedUser;
import io.edgefusion.sandbox.spec.SandboxSpec;
import io.edgefusion.sandbox.spec.Stdio;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code edgefusion run} and {@code exec} as producers of an OCI config: the spec with {@link DockerDefaults}
 * on top becomes a config, and {@link HelperPlan} — the same code that serves runc-style bundles — turns it into
 * the helper's instructions, with what a config cannot say (the overlay root, the reaper's duties, the relayed
 * stdio, the seccomp filter compiled once per spec) beside it.
 */
public final class SandboxPlan {
    private static final System.Logger LOG = System.getLogger(SandboxPlan.class.getName());

    private SandboxPlan() {
    }

    /**
     * A new sandbox whose root is {@code root}, in cgroup {@code cgroupPath} of {@code cgroups}, supervised as
     * {@code supervision} says, relaying to the caller's {@code terminal} (or null) and handing it the caller's
     * {@code handed} fds where the rules allow (attached only).
     */
    public static String run(SandboxSpec spec, String hostname, OverlayRoot root, ResolvedUser user,
                             Map<String, String> env, Supervision supervision, CgroupLayout cgroups,
                             String cgroupPath, CallerTerminal terminal, HandedFds handed,
                             Optional<BpfProgram> seccomp) {
        LaunchContext ctx = LaunchContext.relayed(root.mountPoint(), cgroups, cgroupPath, handed,
                new Relay(spec.stdio().interactive(), terminal, supervision));
        return HelperPlan.run(DockerDefaults.config(spec, hostname, user, env), new RootSource.Overlay(root), ctx,
                seccomp, SandboxPlan::warn);
    }

    /** {@code command} inside the running sandbox of {@code spec} whose PID 1 is {@code initPid}. */
    public static String exec(SandboxSpec spec, long initPid, List<String> command, Map<String, String> env,
                              String workdir, ResolvedUser user, Stdio stdio, CallerTerminal terminal,
                              HandedFds handed, Optional<BpfProgram> seccomp) {
        OciProcess p = DockerDefaults.process(spec, command, env, workdir, user, stdio.tty());
        // no bundle: nothing of an exec resolves against one
        LaunchContext ctx = LaunchContext.relayed(Path.of("/"), null, null, handed,
                new Relay(stdio.interactive(), terminal, null));
        return HelperPlan.exec(DockerDefaults.execConfig(spec, p), initPid, p, ctx, seccomp, SandboxPlan::warn);
    }

    /** The spec was checked against this host when the sandbox was made: a warning here means the host changed. */
    private static void warn(String message) {
        LOG.log(System.Logger.Level.WARNING, message);
    }
}
