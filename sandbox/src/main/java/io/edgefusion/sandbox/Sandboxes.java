package io.edgefusion.sandbox;

import io.edgefusion.kernel.cgroup.CgroupLayout;
import io.edgefusion.kernel.cgroup.CgroupManager;
import io.edgefusion.sandbox.spec.SandboxSpec;
import io.edgefusion.sandbox.spec.Stdio;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.state.StateStore;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The sandbox lifecycle, for the CLI and the node: run, ps, inspect, stop, kill, rm, logs, exec, gc. One
 * instance per state root.
 */
public final class Sandboxes {
    /** Parent of every sandbox cgroup of the default state root, in each hierarchy. */
    public static final String CGROUP_PARENT = "/edgefusion";

    private final StateStore store;
    private final String cgroupParent;
    private CgroupLayout layout;

    /**
     * Sandboxes of one state root. Another root gets its own cgroup parent ({@code /edgefusion-<hash>}), so
     * {@code gc} of one root can never sweep the cgroups of another (tests run beside real workloads).
     */
    public Sandboxes(Path root) {
        this.store = new StateStore(root);
        this.cgroupParent = root.toAbsolutePath().normalize().equals(StateStore.DEFAULT_ROOT) ? CGROUP_PARENT
                : CGROUP_PARENT + "-" + Integer.toHexString(root.toAbsolutePath().normalize().hashCode());
    }

    /** The cgroup under which this root's sandboxes live. */
    public String cgroupParent() {
        return cgroupParent;
    }

    /** How {@code run} ended: detached (code 0, still running) or the workload's exit code. */
    public record RunResult(String id, String name, int exitCode) {
    }

    StateStore store() {
        return store;
    }

    /** The host's cgroup layout, discovered once. */
    public synchronized CgroupLayout layout() {
        if (layout == null) {
            layout = CgroupLayout.discover();
        }
        return layout;
    }

    String cgroupPath(String id) {
        return cgroupParent + "/" + id;
    }

    /** The cgroup of sandbox {@code id}, for inspect, commit and tests. */
    public CgroupManager cgroup(String id) {
        return CgroupManager.of(layout(), cgroupPath(id));
    }

    SandboxControl control() {
        return new SandboxControl(this);
    }

    /** Starts a sandbox; attached, copies its stdout to {@code out} and returns its exit code. */
    public RunResult run(SandboxSpec spec, boolean detach, OutputStream out) {
        return run(spec, detach, Attach.output(out));
    }

    /** Starts a sandbox; attached, relays its stdio ({@code spec.stdio()}) and signals as {@code io} says. */
    public RunResult run(SandboxSpec spec, boolean detach, Attach io) {
        return new SandboxRunner(this).run(spec, detach, io);
    }

    /** Every sandbox, its status brought up to date. */
    public List<SandboxState> list() {
        return control().list();
    }

    /** One sandbox by id, id prefix or name, its status brought up to date. */
    public SandboxState inspect(String idOrName) {
        return control().get(store.resolve(idOrName));
    }

    public String resolve(String idOrName) {
        return store.resolve(idOrName);
    }

    /** SIGTERM, then SIGKILL to the whole cgroup after {@code timeoutSeconds}. */
    public SandboxState stop(String idOrName, int timeoutSeconds) {
        return control().stop(store.resolve(idOrName), timeoutSeconds);
    }

    public void kill(String idOrName, int signal) {
        control().kill(store.resolve(idOrName), signal);
    }

    /** Removes a stopped sandbox (or, forced, a running one): cgroup, state, logs, name. */
    public void remove(String idOrName, boolean force) {
        control().remove(store.resolve(idOrName), force);
    }

    /** Removes every sandbox whose creator or reaper died, and stray cgroups; returns what went. */
    public List<String> gc() {
        return control().gc();
    }

    /** Runs a command in a running sandbox; returns its exit code. */
    public int exec(String idOrName, List<String> command, Map<String, String> env, String user, String workdir,
                    OutputStream out) {
        return exec(idOrName, command, env, user, workdir, Stdio.DETACHED, Attach.output(out));
    }

    /** Runs a command in a running sandbox with its own {@code -i}/{@code -t}; returns its exit code. */
    public int exec(String idOrName, List<String> command, Map<String, String> env, String user, String workdir,
                    Stdio stdio, Attach io) {
        return new SandboxExec(this).exec(store.resolve(idOrName), command, env, user, workdir, stdio, io);
    }

    /** Writes the sandbox's logged stdout/stderr; follows until it exits when {@code follow}. */
    public void logs(String idOrName, boolean follow, OutputStream out, OutputStream err) {
        new SandboxLogs(store).copy(store.resolve(idOrName), follow, out, err);
    }

    public Path stateDir(String id) {
        return store.dir(id);
    }

    /** The writable layer of a sandbox: what it changed relative to its layers. */
    public Path upperDir(SandboxState s) {
        return s.spec() != null && s.spec().external() != null ? s.spec().external().upper()
                : store.dir(s.id()).resolve(StateStore.UPPER);
    }
}
