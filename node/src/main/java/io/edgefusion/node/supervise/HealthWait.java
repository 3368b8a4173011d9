package io.edgefusion.node.supervise;

import io.edgefusion.node.health.HealthProbe;
import io.edgefusion.node.deploy.HealthCheck;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Waits for a just-started sandbox to be healthy by its probe settings: healthy at the first pass, failed after
 * {@code retries} failures in a row or when the sandbox ends first (noticed from the kernel, not by polling).
 * During the first interval it probes every {@link #START_INTERVAL} without counting failures (docker's start
 * period with its start interval), so a rollout — the guardian's rollback above all — goes on as soon as the
 * workload answers instead of one whole interval later; from the end of that interval on, failures count and
 * probes come every interval, exactly as before.
 */
final class HealthWait {
    static final java.time.Duration START_INTERVAL = java.time.Duration.ofMillis(100);

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
                tick(workload, sandboxId, check.get(), 0, startProbes(check.get()), verdict);
            }
            return verdict.join();
        } catch (Exception e) {
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e);
        }
    }

    /** How many probes fit in the first interval at {@link #START_INTERVAL}; the last of them counts. */
    private static int startProbes(HealthCheck check) {
        return (int) Math.max(1, check.interval().toMillis() / START_INTERVAL.toMillis());
    }

    /** @param startProbes probes left in the start phase (each {@link #START_INTERVAL} apart); only the last counts */
    private void tick(String workload, String id, HealthCheck check, int failures, int startProbes,
                      CompletableFuture<Verdict> verdict) {
        boolean starting = startProbes > 1;
        java.time.Duration delay = startProbes > 0 && START_INTERVAL.compareTo(check.interval()) < 0 ? START_INTERVAL
                : check.interval();
        scheduler.schedule(delay, () -> {
            if (verdict.isDone()) {
                return;
            }
            if (probe.probe(id, check)) {
                verdict.complete(Verdict.HEALTHY);
            } else if (starting) {
                tick(workload, id, check, failures, startProbes - 1, verdict);
            } else if (failures + 1 >= check.retries()) {
                verdict.complete(new Verdict(false, false, workload + ": health check failed " + (failures + 1)
                        + " times"));
            } else {
                tick(workload, id, check, failures + 1, 0, verdict);
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
