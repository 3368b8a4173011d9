package io.edgefusion.node.supervise;

import io.edgefusion.node.health.HealthProbe;
import io.edgefusion.node.deploy.HealthCheck;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Waits for a just-started sandbox to be healthy by its probe settings: a probe every interval (the first one
 * interval after the start, as docker), healthy at the first pass, failed after {@code retries} failures in a
 * row or when the sandbox ends first (noticed from the kernel, not by polling).
 */
final class HealthWait {
    private final WorkloadDriver driver;
    private final HealthProbe probe;
    private final Scheduler scheduler;

    HealthWait(WorkloadDriver driver, HealthProbe probe, Scheduler scheduler) {
        this.driver = driver;
        this.probe = probe;
        this.scheduler = scheduler;
    }

    /** How the wait ended: healthy (or running, without a check), or why not and whether the sandbox ended. */
    record Verdict(boolean healthy, boolean ended, String reason) {
        static final Verdict HEALTHY = new Verdict(true, false, "");
    }

    Verdict await(String workload, String sandboxId, Optional<HealthCheck> check) {
        CompletableFuture<Verdict> verdict = new CompletableFuture<>();
        try (AutoCloseable watch = driver.onExit(sandboxId, () -> verdict.complete(new Verdict(false, true, workload
                + ": exited before it was healthy (" + describe(driver.status(sandboxId)) + ")")))) {
            if (check.isEmpty()) {
                if (driver.status(sandboxId) instanceof WorkloadDriver.Status.Running) {
                    verdict.complete(Verdict.HEALTHY);
                }
            } else {
                tick(workload, sandboxId, check.get(), 0, verdict);
            }
            return verdict.join();
        } catch (Exception e) {
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e);
        }
    }

    private void tick(String workload, String id, HealthCheck check, int failures,
                      CompletableFuture<Verdict> verdict) {
        scheduler.schedule(check.interval(), () -> {
            if (verdict.isDone()) {
                return;
            }
            if (probe.probe(id, check)) {
                verdict.complete(Verdict.HEALTHY);
            } else if (failures + 1 >= check.retries()) {
                verdict.complete(new Verdict(false, false, workload + ": health check failed " + (failures + 1)
                        + " times"));
            } else {
                tick(workload, id, check, failures + 1, verdict);
            }
        });
    }

    private static String describe(WorkloadDriver.Status s) {
        return switch (s) {
            case WorkloadDriver.Status.Exited e -> e.code().isPresent() ? "exit code " + e.code().getAsInt()
                    : "its reaper is gone";
            case WorkloadDriver.Status.Gone g -> "removed";
            case WorkloadDriver.Status.Running r -> "still running";
        };
    }
}
