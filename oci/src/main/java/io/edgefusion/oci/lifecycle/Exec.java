package io.edgefusion.oci.lifecycle;

import io.edgefusion.sandbox.oci.config.OciConfig;
import io.edgefusion.sandbox.oci.config.OciProcess;
import io.edgefusion.sandbox.oci.plan.HelperPlan;
import io.edgefusion.sandbox.oci.plan.LaunchContext;
import io.edgefusion.sandbox.oci.plan.OciSeccomp;
import io.edgefusion.oci.state.ContainerRecord;
import io.edgefusion.oci.state.ContainerStatus;
import io.edgefusion.oci.state.ContainerStore;
import io.edgefusion.sandbox.launch.HandedFds;
import io.edgefusion.sandbox.launch.HelperProcess;

import java.io.OutputStream;
import java.nio.file.Path;

/**
 * {@code exec}: a new process in a created or running container's namespaces and cgroup, under the container's
 * own seccomp filter. Attached, the exit code is the process's; detached, the process is left to the caller's
 * subreaper and its pid goes to the pid file.
 */
public final class Exec {
    /**
     * @param process       the process (from {@code --process FILE} or built from the command line)
     * @param detach        {@code --detach}
     * @param pidFile       or null
     * @param consoleSocket or null
     * @param preserveFds   {@code --preserve-fds}
     * @param stdio         the caller's fds
     */
    public record Options(String id, OciProcess process, boolean detach, Path pidFile, String consoleSocket,
                          int preserveFds, HandedFds stdio, io.edgefusion.sandbox.launch.HelperLauncher launcher) {
    }

    private Exec() {
    }

    /** Returns the exit code (0 when detached). */
    public static int exec(Runtime rt, Options o, OutputStream err) {
        ContainerRecord r = rt.require(o.id(), "exec in", ContainerStatus.CREATED, ContainerStatus.RUNNING);
        OciConfig c = rt.config(o.id());
        Path configFile = rt.store().dir(o.id()).resolve(ContainerStore.CONFIG);
        var seccomp = OciSeccomp.compile(Create.seccompNode(c, configFile), o.process(),
                configFile + " linux.seccomp", rt.warn());
        LaunchContext ctx = new LaunchContext(r.bundle(), rt.layout(), r.cgroupPath(), o.stdio(), o.preserveFds(),
                o.consoleSocket() == null ? null : Path.of(o.consoleSocket()).toAbsolutePath().toString(), null,
                !o.detach(), false);
        String text = HelperPlan.exec(c, r.pid(), o.process(), ctx, seccomp, rt.warn());
        HelperProcess helper = HelperProcess.start(rt.store().helperRoot(), text, true, err, o.launcher());
        try {
            long pid = helper.awaitPid();
            rt.cgroup(r).addTask(pid);
            helper.go();
            helper.await("started");
            if (o.pidFile() != null) {
                Create.writePidFile(o.pidFile(), pid);
            }
        } catch (RuntimeException e) {
            helper.destroy();
            throw e;
        }
        int code = helper.waitFor();
        helper.close();
        return o.detach() ? 0 : code;
    }
}
