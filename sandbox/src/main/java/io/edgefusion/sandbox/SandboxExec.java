package io.edgefusion.sandbox;

import io.edgefusion.sandbox.launch.HelperProcess;
import io.edgefusion.sandbox.launch.HandedFds;
import io.edgefusion.sandbox.launch.SandboxPlan;
import io.edgefusion.sandbox.seccomp.SeccompCache;
import io.edgefusion.sandbox.spec.ResolvedUser;
import io.edgefusion.sandbox.spec.Stdio;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.state.Status;

import io.edgefusion.kernel.sys.ErrnoException;
import io.edgefusion.kernel.sys.Libc;

import java.io.OutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.OptionalInt;
import java.util.List;
import java.util.Map;

/**
 * {@code exec}: the helper joins the running sandbox's namespaces and forks; the child joins its cgroup (Java
 * writes its pid before releasing it) and runs with the sandbox's environment, user, capabilities and limits.
 */
final class SandboxExec {
    private final Sandboxes sandboxes;

    SandboxExec(Sandboxes sandboxes) {
        this.sandboxes = sandboxes;
    }

    int exec(String id, List<String> command, Map<String, String> extraEnv, String user, String workdir,
             Stdio stdio, Attach io) {
        SandboxState s = sandboxes.control().get(id);
        if (s.status() != Status.RUNNING) {
            throw new IllegalStateException("sandbox " + s.shortId() + " is " + s.status().label()
                    + ", not running: exec needs a running sandbox");
        }
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command given: edgefusion exec SANDBOX -- CMD [ARG...]");
        }
        ResolvedUser u = ResolvedUser.resolve(user != null ? user : s.spec().user(), s.spec().layers());
        Map<String, String> env = new LinkedHashMap<>(SandboxRunner.environment(s.spec(), u, s.injectedEnv(),
                s.id()));
        env.putAll(extraEnv);
        String text = SandboxPlan.exec(s.spec(), s.pid(), command, env,
                workdir != null ? workdir : s.spec().workdir(), u, stdio, io.terminal(), io.handed(),
                new SeccompCache(sandboxes.store().root()).program(s.spec()));
        HelperProcess h = HelperProcess.start(sandboxes.store().root(), text, true, io.err());
        long pid;
        try {
            pid = h.awaitPid();
            sandboxes.cgroup(id).addTask(pid);
            h.go();
            h.awaitStarted();
        } catch (RuntimeException e) {
            h.destroy();
            throw e;
        }
        return io.follow(h, pid, stdio);
    }

    /**
     * A health check's command: the sandbox's environment and user, no stdin, stdout and stderr discarded (the
     * helper's stderr is not ours), and after {@code timeout} — counted from the start of the handshake — its
     * process group (the exec'd process is a session leader) is SIGKILLed. Empty on timeout.
     */
    OptionalInt probe(String id, List<String> command, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        SandboxState s = sandboxes.control().get(id);
        if (s.status() != Status.RUNNING) {
            throw new IllegalStateException("sandbox " + s.shortId() + " is " + s.status().label()
                    + ", not running: a probe needs a running sandbox");
        }
        ResolvedUser u = ResolvedUser.resolve(s.spec().user(), s.spec().layers());
        Map<String, String> env = SandboxRunner.environment(s.spec(), u, s.injectedEnv(), s.id());
        String text = SandboxPlan.exec(s.spec(), s.pid(), command, env, s.spec().workdir(), u, Stdio.DETACHED,
                null, HandedFds.NONE, new SeccompCache(sandboxes.store().root()).program(s.spec()));
        HelperProcess h = HelperProcess.start(sandboxes.store().root(), text, false);
        long pid = -1;
        try {
            pid = h.awaitPid();
            sandboxes.cgroup(id).addTask(pid);
            h.go();
            h.awaitStarted();
        } catch (RuntimeException e) {
            h.destroy();
            throw e;
        }
        Thread drain = Thread.ofVirtual().start(() -> h.copyOutput(OutputStream.nullOutputStream()));
        boolean done = h.waitFor(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        if (!done) {
            try {
                Libc.kill(-Math.toIntExact(pid), Libc.SIGKILL);
            } catch (ErrnoException gone) {
                // it ended just now
            }
            h.destroy();
        }
        try {
            drain.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        h.close();
        return done ? OptionalInt.of(h.waitFor()) : OptionalInt.empty();
    }
}
