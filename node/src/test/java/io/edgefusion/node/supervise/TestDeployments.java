package io.edgefusion.node.supervise;

import io.edgefusion.node.deploy.Deployment;
import io.edgefusion.node.deploy.HealthCheck;
import io.edgefusion.node.deploy.Resources;
import io.edgefusion.node.deploy.RestartPolicy;
import io.edgefusion.node.deploy.WorkloadSpec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Deployments of busybox workloads for the supervisor's tests. */
final class TestDeployments {
    static final Path BUSYBOX = Path.of("builtin:busybox");

    private TestDeployments() {
    }

    static HealthCheck exec(String... command) {
        return new HealthCheck(new HealthCheck.Probe.Exec(List.of(command)), Duration.ofMillis(100),
                Duration.ofSeconds(5), 2);
    }

    static WorkloadSpec workload(String name, int revision, Optional<HealthCheck> health, RestartPolicy restart,
                                 List<String> after) {
        return new WorkloadSpec(name, new WorkloadSpec.Source.Rootfs(BUSYBOX), List.of("sleep", "600"),
                Map.of("REVISION", Integer.toString(revision)), Resources.none(), restart, health, after);
    }

    /**
     * {@code db} then {@code api} (after db), both checked with {@code exec true}; with {@code apiFails} api's
     * check is {@code false}, so the revision cannot roll out.
     */
    static Deployment twoWorkloads(int revision, boolean apiFails) {
        RestartPolicy always = new RestartPolicy(RestartPolicy.Mode.ALWAYS, Duration.ofMillis(100),
                Duration.ofSeconds(1));
        return new Deployment("demo", List.of(
                workload("api", revision, Optional.of(apiFails ? exec("false") : exec("true")), always,
                        List.of("db")),
                workload("db", revision, Optional.of(exec("true")), always, List.of())));
    }
}
