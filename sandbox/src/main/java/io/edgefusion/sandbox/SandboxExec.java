package io.edgefusion.sandbox;

import io.edgefusion.sandbox.launch.HelperProcess;
import io.edgefusion.sandbox.launch.HelperSpecs;
import io.edgefusion.sandbox.seccomp.SeccompCache;
import io.edgefusion.sandbox.spec.ResolvedUser;
import io.edgefusion.sandbox.spec.Stdio;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.state.Status;

import java.util.LinkedHashMap;
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
        String text = HelperSpecs.exec(s.spec(), s.pid(), command, env,
                workdir != null ? workdir : s.spec().workdir(), u, stdio, io.terminal(), io.handed(),
                new SeccompCache(sandboxes.store().root()).program(s.spec()));
        HelperProcess h = HelperProcess.start(sandboxes.store().root(), text, true, io.err());
        try {
            long pid = h.awaitPid();
            sandboxes.cgroup(id).addTask(pid);
            h.go();
            h.awaitStarted();
        } catch (RuntimeException e) {
            h.destroy();
            throw e;
        }
        return io.follow(h, stdio);
    }
}
