package io.edgefusion.node.health;

import io.edgefusion.node.deploy.HealthCheck;
import io.edgefusion.sandbox.Sandboxes;

import java.io.IOException;
import java.util.OptionalInt;

/**
 * The probes of a deployment's {@code health:}: {@code exec} runs the command inside the sandbox as
 * {@code edgefusion exec} does (exit 0 is healthy; its process group is killed at the timeout); {@code tcp}
 * connects and {@code http} sends a GET from inside the workload's network namespace, so {@code 127.0.0.1} is
 * the workload's own loopback, not the node's.
 */
public final class SandboxHealthProbe implements HealthProbe {
    private static final System.Logger LOG = System.getLogger(SandboxHealthProbe.class.getName());

    private final Sandboxes sandboxes;

    public SandboxHealthProbe(Sandboxes sandboxes) {
        this.sandboxes = sandboxes;
    }

    @Override
    public boolean probe(String sandboxId, HealthCheck check) {
        try {
            return switch (check.probe()) {
                case HealthCheck.Probe.Exec e -> exec(sandboxId, e, check);
                case HealthCheck.Probe.Tcp t -> NetProbes.tcp(sandboxes.inspect(sandboxId), t, check.timeout());
                case HealthCheck.Probe.Http h -> NetProbes.http(sandboxes.inspect(sandboxId), h, check.timeout());
            };
        } catch (IOException | RuntimeException e) {
            // A probe that cannot even run (sandbox gone, exec refused, netns vanished) says "unhealthy".
            LOG.log(System.Logger.Level.DEBUG, "probe of " + sandboxId + ": " + e.getMessage());
            return false;
        }
    }

    private boolean exec(String id, HealthCheck.Probe.Exec e, HealthCheck check) {
        OptionalInt code = sandboxes.probe(id, e.command(), check.timeout());
        if (code.isEmpty()) {
            LOG.log(System.Logger.Level.DEBUG, "probe of " + id + ": " + e.command() + " timed out after "
                    + check.timeout().toMillis() + " ms");
        }
        return code.isPresent() && code.getAsInt() == 0;
    }
}
