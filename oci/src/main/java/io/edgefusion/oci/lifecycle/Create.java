package io.edgefusion.oci.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefusion.kernel.cgroup.CgroupManager;
import io.edgefusion.kernel.proc.ProcStat;
import io.edgefusion.kernel.sys.Libc;
import io.edgefusion.kernel.sys.Trace;
import io.edgefusion.sandbox.oci.config.OciConfig;
import io.edgefusion.sandbox.oci.config.OciConfigs;
import io.edgefusion.sandbox.oci.plan.HelperPlan;
import io.edgefusion.sandbox.oci.plan.LaunchContext;
import io.edgefusion.sandbox.oci.plan.OciResources;
import io.edgefusion.sandbox.oci.plan.OciSeccomp;
import io.edgefusion.oci.state.ContainerRecord;
import io.edgefusion.oci.state.ContainerStatus;
import io.edgefusion.oci.state.ContainerStore;
import io.edgefusion.sandbox.launch.HandedFds;
import io.edgefusion.sandbox.launch.HelperProcess;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code create} (and the first half of {@code run}) in the spec's order: the container's directory, its cgroup
 * with its limits, the helper cloning its namespaces, the process placed in the cgroup, prestart and
 * createRuntime hooks, the mounts, createContainer hooks in its mount namespace, then the process waits at the
 * exec fifo for {@code start}. Anything failing undoes all of it: no directory, cgroup or process is left.
 */
public final class Create {
    static final int S_IFIFO = 0010000;

    /**
     * @param id            the container id
     * @param bundle        the bundle directory
     * @param pidFile       where to write the first process's pid, or null
     * @param consoleSocket {@code --console-socket}, or null
     * @param preserveFds   {@code --preserve-fds}
     * @param stdio         the caller's fds that become the process's stdio
     * @param systemdCgroup {@code --systemd-cgroup}
     * @param waitForStart  true for create (exec fifo); false for run (exec at once)
     * @param reap          keep the helper as reaper (run attached)
     * @param launcher      how the helper is started (the caller's descendant)
     */
    public record Options(String id, Path bundle, Path pidFile, String consoleSocket, int preserveFds,
                          HandedFds stdio, boolean systemdCgroup, boolean waitForStart, boolean reap,
                          io.edgefusion.sandbox.launch.HelperLauncher launcher) {
    }

    /** What create made: the record, and the helper still running when it reaps (run attached). */
    public record Created(ContainerRecord record, HelperProcess helper) {
    }

    private Create() {
    }

    public static Created create(Runtime rt, Options o, OutputStream err) {
        ContainerStore store = rt.store();
        ContainerStore.requireId(o.id());
        Path bundle = o.bundle().toAbsolutePath().normalize();
        Path configFile = bundle.resolve(ContainerStore.CONFIG);
        OciConfig c = OciConfigs.read(configFile);
        Trace.mark("oci config read");
        Path rootfs = bundle.resolve(c.root().path()).normalize();
        if (!Files.isDirectory(rootfs)) {
            throw new io.edgefusion.sandbox.oci.plan.LaunchPlanException("root.path: " + rootfs + " is not a directory");
        }
        String cgroupPath = CgroupPathOf.of(c.linux().cgroupsPath(), o.id(), o.systemdCgroup());
        Path dir = store.create(o.id());
        ContainerRecord r = new ContainerRecord(o.id(), bundle, rootfs, 0, 0, cgroupPath,
                System.currentTimeMillis(), c.annotations(), owner());
        CgroupManager cg = CgroupManager.of(rt.layout(), cgroupPath);
        HelperProcess helper = null;
        boolean cgroupMade = false;
        try (ContainerStore.Lock lock = store.lock(o.id())) {
            Files.copy(configFile, dir.resolve(ContainerStore.CONFIG), StandardCopyOption.REPLACE_EXISTING);
            store.write(r);
            var settings = OciResources.settings(c.linux().resources(), rt.warn());
            var devices = OciResources.deviceRules(c.linux().resources(), c.linux().devices());
            cg.create();
            cgroupMade = true;
            cg.update(settings).forEach(w -> rt.warn().accept(w.setting() + ": " + w.message()));
            cg.restrictDevices(devices);
            Trace.mark("oci cgroup");
            Path fifo = null;
            if (o.waitForStart()) {
                fifo = dir.resolve(ContainerStore.FIFO);
                // 0622 (runc's): the process opens it for writing as the config's user, who need not be root.
                Libc.mknod(fifo.toString(), S_IFIFO | 0622, 0);
                Files.setPosixFilePermissions(fifo, java.nio.file.attribute.PosixFilePermissions.fromString(
                        "rw--w--w-")); // mknod's mode went through the umask
            }
            boolean createContainerHooks = !c.hooks().createContainer().isEmpty();
            LaunchContext ctx = new LaunchContext(bundle, rt.layout(), cgroupPath, o.stdio(), o.preserveFds(),
                    o.consoleSocket() == null ? null : absolute(o.consoleSocket()), fifo, o.reap(),
                    createContainerHooks);
            var seccomp = OciSeccomp.compile(seccompNode(c, configFile), c.process(), configFile + " linux.seccomp",
                    rt.warn());
            String text = HelperPlan.run(c, rootfs, ctx, seccomp, rt.warn());
            Trace.mark("oci plan");
            helper = HelperProcess.start(store.helperRoot(), text, true, err, o.launcher());
            Trace.mark("oci helper started");
            long pid = helper.awaitPid();
            Trace.mark("oci pid");
            cg.addTask(pid);
            if (c.process().oomScoreAdj() != null) {
                Files.writeString(Path.of("/proc", Long.toString(pid), "oom_score_adj"),
                        c.process().oomScoreAdj().toString());
            }
            r = r.withPid(pid, ProcStat.of(pid).map(ProcStat::startTicks).orElse(0L));
            store.write(r);
            String creating = rt.stateJson(r, ContainerStatus.CREATING);
            Hooks.run("prestart", c.hooks().prestart(), creating, List.of());
            Hooks.run("createRuntime", c.hooks().createRuntime(), creating, List.of());
            helper.go();
            if (createContainerHooks) {
                helper.await("mounted");
                Hooks.run("createContainer", c.hooks().createContainer(), creating,
                        List.of("nsenter", "--mount=/proc/" + pid + "/ns/mnt", "--"));
                helper.go();
            }
            helper.await(o.waitForStart() ? "created" : "started");
            Trace.mark("oci created");
            if (o.pidFile() != null) {
                writePidFile(o.pidFile(), pid);
            }
            if (!o.reap()) {
                helper.waitFor();
                helper.close();
                helper = null;
            }
            return new Created(r, helper);
        } catch (RuntimeException | IOException e) {
            if (helper != null) {
                helper.destroy();
            }
            undo(cg, cgroupMade, r);
            store.remove(o.id());
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    /** Kills what the failed create started and removes its cgroup. */
    private static void undo(CgroupManager cg, boolean cgroupMade, ContainerRecord r) {
        if (r.pid() > 0 && ProcStat.alive(r.pid(), r.startTicks())) {
            try {
                Libc.kill((int) r.pid(), Signals.SIGKILL);
            } catch (RuntimeException gone) {
                // it died meanwhile
            }
        }
        if (cgroupMade) {
            try {
                cg.killAll();
                cg.remove();
            } catch (RuntimeException e) {
                // best effort: the original failure is what the caller must see
            }
        }
    }

    /** The config's {@code linux.seccomp} as JSON (the policy parser's input); read again only when there is one. */
    static JsonNode seccompNode(OciConfig c, Path configFile) {
        return c.linux().seccomp() == null ? null : tree(configFile).path("linux").get("seccomp");
    }

    static JsonNode tree(Path configFile) {
        try {
            return OciConfigs.json().readTree(configFile.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + configFile, e);
        }
    }

    private static String absolute(String path) {
        return Path.of(path).toAbsolutePath().normalize().toString();
    }

    /** Written as a temp file and renamed, so a shim never reads half a pid. */
    static void writePidFile(Path file, long pid) {
        Path f = file.toAbsolutePath();
        Path tmp = f.resolveSibling("." + f.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, Long.toString(pid));
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the pid file " + f, e);
        }
    }

    private static long owner() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        } catch (IOException e) {
            return 0;
        }
    }
}
