package io.edgefusion.sandbox;

import io.edgefusion.kernel.cgroup.CgroupLayout;
import io.edgefusion.kernel.cgroup.CgroupManager;
import io.edgefusion.sandbox.spec.SandboxSpec;
import io.edgefusion.sandbox.spec.Stdio;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.state.StateStore;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
    private final SandboxStartHook startHook;
    private CgroupLayout layout;

    /**
     * Sandboxes of one state root. Another root gets its own cgroup parent, {@code /edgefusion-<digest>} with the
     * first 32 hex digits of the SHA-256 of the root's real path (symlinks resolved, so two spellings of one root
     * share it), so {@code gc} of one root can never sweep the cgroups of another (tests run beside real
     * workloads). A root not made yet is
     * named by its deepest existing ancestor's real path plus the rest.
     */
    public Sandboxes(Path root) {
        this(new StateStore(root), cgroupParentOf(root), SandboxStartHook.NONE);
    }

    private Sandboxes(StateStore store, String cgroupParent, SandboxStartHook startHook) {
        this.store = store;
        this.cgroupParent = cgroupParent;
        this.startHook = startHook;
    }

    /** The same sandboxes, with {@code hook} run for every sandbox this instance starts (see {@link SandboxStartHook}). */
    public Sandboxes withStartHook(SandboxStartHook hook) {
        return new Sandboxes(store, cgroupParent, hook);
    }

    SandboxStartHook startHook() {
        return startHook;
    }

    /** The real path of {@code p}; for a path not made yet, that of its deepest existing ancestor plus the rest. */
    static Path realPath(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing.getParent() != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve state root " + p, e);
        }
    }

    /** The cgroup parent of state root {@code root}: {@link #CGROUP_PARENT} for the default root. */
    public static String cgroupParentOf(Path root) {
        Path real = realPath(root);
        if (real.equals(StateStore.DEFAULT_ROOT)) {
            return CGROUP_PARENT;
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(real.toString().getBytes(StandardCharsets.UTF_8));
            return CGROUP_PARENT + "-" + HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The cgroup under which this root's sandboxes live. */
    public String cgroupParent() {
        return cgroupParent;
    }

    /** How {@code run} ended: detached (code 0, still running) or the workload's exit code. */
    public record RunResult(String id, String name, int exitCode) {
    }

    /** The CNI attachments of sandbox {@code id} (its networks, addresses and published ports), from the cache. */
    public List<io.edgefusion.sandbox.network.ResultCache.Entry> networks(String id) {
        return new io.edgefusion.sandbox.network.NetworkStore(store.root()).cache().ofContainer(id);
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

    /**
     * The cgroup of sandbox {@code id}, for inspect, commit and tests. Made once per id (a manager holds only
     * paths, and finding them is most of what {@code stats} costs per sandbox); a long-lived instance forgets
     * them all past {@link #MANAGERS_MAX}.
     */
    public CgroupManager cgroup(String id) {
        CgroupManager cg = managers.get(id);
        if (cg == null) {
            if (managers.size() >= MANAGERS_MAX) {
                managers.clear();
            }
            cg = CgroupManager.of(layout(), cgroupPath(id));
            managers.put(id, cg);
        }
        return cg;
    }

    private static final int MANAGERS_MAX = 1024;
    private final java.util.Map<String, CgroupManager> managers = new java.util.concurrent.ConcurrentHashMap<>();

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

    /**
     * A sandbox held under its lock for a command that works on it from outside (commit): other commands on it
     * wait until {@link Held#close()}. {@link Held#freeze()} freezes it, leaving a marker naming this process so
     * that {@code gc} thaws it if we die frozen.
     */
    public Held hold(String idOrName) {
        String id = store.resolve(idOrName);
        return new Held(this, id, store.lock(id));
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

    /**
     * Runs a health check's command in a running sandbox (as {@code exec} does, without stdin or output); its
     * process group is SIGKILLed when it outlasts {@code timeout}. The exit code, or empty on timeout.
     */
    public java.util.OptionalInt probe(String idOrName, List<String> command, java.time.Duration timeout) {
        return new SandboxExec(this).probe(store.resolve(idOrName), command, timeout);
    }

    /**
     * Blocks until the sandbox is no longer running (as {@code docker wait}) and returns its final state: EXITED
     * with the exit code, or DEAD when its reaper died without recording one. Sleeps on a pidfd and inotify, not
     * in a polling loop.
     */
    public SandboxState await(String idOrName) {
        return new SandboxWait(this).await(store.resolve(idOrName));
    }

    /** Writes the sandbox's logged stdout/stderr; follows until it exits when {@code follow}. */
    public void logs(String idOrName, boolean follow, OutputStream out, OutputStream err) {
        logs(idOrName, LogOptions.all(follow), out, err);
    }

    /** Writes the part of the sandbox's log that {@code options} select ({@code --tail}, {@code --since}, -t). */
    public void logs(String idOrName, LogOptions options, OutputStream out, OutputStream err) {
        new SandboxLogs(store).copy(store.resolve(idOrName), options, out, err);
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
