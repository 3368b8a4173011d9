package io.edgefusion.node.supervise;

import io.edgefusion.node.deploy.HealthCheck;

/**
 * One health probe of a running sandbox: true when healthy. It must return within {@code check.timeout()}
 * (a probe that overruns counts as failed). exec runs inside the sandbox; http and tcp connect inside its network
 * namespace.
 */
@FunctionalInterface
public interface HealthProbe {
    boolean probe(String sandboxId, HealthCheck check);
}
