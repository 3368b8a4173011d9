package io.edgefusion.sandbox;

import io.edgefusion.kernel.cgroup.AttachWarmup;
import io.edgefusion.kernel.cgroup.CgroupManager;
import io.edgefusion.kernel.proc.ProcStat;
import io.edgefusion.kernel.sys.Trace;
import io.edgefusion.sandbox.launch.DevicePolicy;
import io.edgefusion.sandbox.launch.HelperProcess;
import io.edgefusion.sandbox.launch.DockerDefaults;
import io.edgefusion.sandbox.launch.OverlayRoot;
import io.edgefusion.sandbox.launch.SandboxPlan;
import io.edgefusion.sandbox.oci.plan.Supervision;
import io.edgefusion.sandbox.seccomp.SeccompCache;
import io.edgefusion.sandbox.spec.ResolvedUser;
import io.edgefusion.sandbox.spec.SandboxSpec;
import io.edgefusion.sandbox.state.SandboxLock;
import io.edgefusion.sandbox.state.SandboxNames;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.state.StateStore;
import io.edgefusion.sandbox.state.Status;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code run}: record the sandbox (under its lock), reserve the name, make its directories and cgroup, start the
 * helper, place PID 1 in the cgroup, release it. Each step is recorded before the next begins, so a CLI killed anywhere
 * leaves a record {@code ps} can classify and {@code rm -f}/{@code gc} can finish; a step that fails undoes
 * everything before it.
 */
final class SandboxRunner {
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** Per-sandbox log cap; the reaper keeps at most twice this (the current file and one rotated). */
    static final long LOG_MAX = 16L << 20;
    private static final boolean NO_WARMUP = System.getenv("EDGEFUSION_NO_WARMUP") != null;

    private final Sandboxes sandboxes;
    private final StateStore store;

    SandboxRunner(Sandboxes sandboxes) {
        this.sandboxes = sandboxes;
        this.store = sandboxes.store();
    }

    Sandboxes.RunResult run(SandboxSpec spec, boolean detach, Attach io) {
        if (spec.name() != null) {
            SandboxNames.requireName(spec.name());
        }
        SpecValidator.validate(spec);
        SandboxNetwork network = new SandboxNetwork(store);
        network.check(spec);
        if (detach && (spec.stdio().tty() || spec.stdio().interactive())) {
            throw new IllegalArgumentException("-t and -i need an attached sandbox: a detached one has no terminal"
                    + " or stdin to relay (drop -d, or use exec -it later)");
        }
        Trace.mark("validated");
        ResolvedUser user = ResolvedUser.resolve(spec.user(), spec.layers());
        String id = HexFormat.of().formatHex(bytes(32));
        String name = spec.name() != null ? spec.name() : "ef-" + id.substring(0, 12);
        ProcStat me = ProcStat.of(ProcessHandle.current().pid()).orElseThrow();
        SandboxState st = new SandboxState(id, name, spec, Status.CREATING, System.currentTimeMillis(), me.pid(),
                me.startTicks(), null, null, null, null, null, null, null, null, null, sandboxes.cgroupPath(id),
                Map.of(), null);
        // Record first, name second: a kill between them leaves a nameless DEAD record for gc, never a name
        // that points at nothing (a name link always names an existing sandbox directory).
        Path dir = store.create(st, DockerDefaults.ROOTLESS_BASE, spec.rootless());
        HelperProcess helper = null;
        SandboxLock lock = null;
        try {
            lock = store.lock(id);
            Checkpoints.reach("recorded");
            Trace.mark("recorded");
            store.reserveName(name, id);
            Checkpoints.reach("name reserved");
            Trace.mark("name reserved");
            OverlayRoot root = prepareRoot(spec, dir);
            Trace.mark("root prepared");
            CgroupManager cg = sandboxes.cgroup(id);
            cg.create();
            cg.apply(spec.limits());
            if (!spec.security().privileged()) {
                cg.restrictDevices(DevicePolicy.rules(spec.devices()));
            }
            // The kernel's wait before the first cgroup move runs from here, beside the steps up to placing PID 1
            // (not earlier: the warm-up holds cgroup_mutex while it waits, which the mkdirs above need).
            if (!NO_WARMUP) {
                AttachWarmup.kick(sandboxes.layout());
            }
            Trace.mark("cgroup");
            Checkpoints.reach("cgroup");
            Map<String, String> injected = spec.ergonomics()
                    ? Ergonomics.inject(sandboxes.layout(), st.cgroupPath(), spec.env()) : Map.of();
            Trace.mark("ergonomics");
            st = st.withEnv(injected);
            List<String> onExit = detach && spec.autoRemove() ? AutoRemove.command(store.root(), id) : List.of();
            String text = SandboxPlan.run(network.planned(spec, dir), spec.hostname() != null ? spec.hostname() : id.substring(0, 12),
                    root, user, environment(spec, user, injected, id), new Supervision(dir.resolve(StateStore.LOG),
                            LOG_MAX, dir.resolve(StateStore.EXIT), detach, onExit), sandboxes.layout(),
                    st.cgroupPath(), io.terminal(), io.handed(), new SeccompCache(store.root()).program(spec));
            helper = HelperProcess.start(store.root(), text, !detach, io.err());
            Trace.mark("helper started");
            Checkpoints.reach("helper");
            long pid = helper.awaitPid();
            Trace.mark("pid");
            cg.addTask(pid);
            Trace.mark("placed");
            long ticks = ProcStat.of(pid).map(ProcStat::startTicks).orElse(0L);
            long reaperTicks = ProcStat.of(helper.helperPid()).map(ProcStat::startTicks).orElse(0L);
            st = st.withPid(pid, ticks, helper.helperPid(), reaperTicks);
            store.write(st);
            Checkpoints.reach("placed");
            network.attach(st);
            Trace.mark("network");
            Checkpoints.reach("network");
            sandboxes.startHook().placed(st);
            Trace.mark("start hook");
            helper.go();
            st = st.running(helper.awaitStarted());
            Trace.mark("started");
            store.write(st);
            Checkpoints.reach("started");
        } catch (RuntimeException e) {
            if (helper != null) {
                helper.destroy();
            }
            sandboxes.control().destroy(st, false);
            throw e;
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
        if (detach) {
            helper.close();
            return new Sandboxes.RunResult(id, name, 0);
        }
        int code = io.follow(helper, st.pid(), spec.stdio());
        Trace.mark("exited");
        try (SandboxLock l = store.lock(id)) {
            if (spec.autoRemove()) {
                // The record is about to go: take the code from the reaper and skip finalising it.
                code = store.exit(id).map(e -> e.exitCode()).orElse(code);
                sandboxes.control().destroy(st, false); // the reaper was the helper we just waited for
                Trace.mark("removed");
            } else {
                SandboxState done = sandboxes.control().refresh(st);
                if (done.status() == Status.EXITED) {
                    store.write(done); // the run that made it finalises its record; ps never writes
                }
                if (done.exitCode() != null) {
                    code = done.exitCode();
                }
            }
        } catch (SandboxNames.NoSuchSandbox gone) {
            // removed by someone else (rm -f) meanwhile: the code we waited for is all there is
        }
        return new Sandboxes.RunResult(id, name, code);
    }

    /** Random bytes straight from the kernel: SecureRandom's provider set-up costs a cold CLI milliseconds. */
    private static byte[] bytes(int n) {
        try (var in = Files.newInputStream(Path.of("/dev/urandom"))) {
            return in.readNBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /dev/urandom", e);
        }
    }

    /** upper/ and work/ for the overlay, rootfs/ as its mount point; owned by the mapped root when rootless. */
    private static OverlayRoot prepareRoot(SandboxSpec spec, Path dir) {
        try {
            if (spec.external() != null) {
                Path mp = Files.createDirectory(dir.resolve(StateStore.ROOTFS));
                return new OverlayRoot(mp, spec.external().options(), spec.external().chdir(), Map.of());
            }
            Path upper = Files.createDirectory(dir.resolve(StateStore.UPPER));
            Path work = Files.createDirectory(dir.resolve(StateStore.WORK));
            Path mp = Files.createDirectory(dir.resolve(StateStore.ROOTFS));
            if (spec.rootless()) {
                for (Path p : new Path[] {upper, work, mp}) {
                    Files.setAttribute(p, "unix:uid", (int) DockerDefaults.ROOTLESS_BASE);
                    Files.setAttribute(p, "unix:gid", (int) DockerDefaults.ROOTLESS_BASE);
                }
                // The mapped root reaches them through dir, which StateStore made 0710 with its group.
            }
            if (!spec.rootless()) {
                return OverlayRoot.of(spec.layers(), upper, work, mp);
            }
            // Rootless: the helper attaches each layer id-mapped (host 0 → the sandbox's 0) at lower/<i>.
            java.util.Map<Path, Path> idmapped = new java.util.LinkedHashMap<>();
            java.util.List<Path> lowers = new java.util.ArrayList<>();
            Path lowerDir = Files.createDirectory(dir.resolve("lower"));
            for (int i = 0; i < spec.layers().size(); i++) {
                Path target = Files.createDirectory(lowerDir.resolve(Integer.toString(i)));
                idmapped.put(spec.layers().get(i), target);
                lowers.add(target);
            }
            return OverlayRoot.of(lowers, upper, work, mp, idmapped);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the root under " + dir, e);
        }
    }

    /** PATH, HOSTNAME and HOME defaults, the user's variables over them, then injected ergonomics. */
    static Map<String, String> environment(SandboxSpec spec, ResolvedUser user, Map<String, String> injected,
                                           String id) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", DEFAULT_PATH);
        env.put("HOSTNAME", spec.hostname() != null ? spec.hostname() : id.substring(0, 12));
        env.put("HOME", user.home());
        env.putAll(spec.env());
        env.putAll(injected);
        return env;
    }
}
