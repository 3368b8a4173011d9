package io.edgefusion.node.health;

import io.edgefusion.node.deploy.HealthCheck;

/**
 * Runs one health check against one sandbox, once: true when the workload answered as healthy within the
 * check's timeout. Never throws for an unhealthy or vanished workload — that is a false. The supervisor calls it
 * every {@code interval} and counts {@code retries} failures in a row.
 */
@FunctionalInterface
public interface HealthProbe {
    boolean probe(String sandboxId, HealthCheck check);
}
