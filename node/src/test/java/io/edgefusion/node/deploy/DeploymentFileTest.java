package io.edgefusion.node.deploy;

import io.edgefusion.guardian.config.Durations;
import io.edgefusion.platform.yaml.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeploymentFileTest {
    @TempDir
    Path dir;

    static final String GOOD = """
            name: line-monitor
            workloads:
              - name: api
                image: demo/api:1          # or rootfs: /path/to/dir
                command: [/bin/httpd, -f, -p, "8080"]
                env: {MODE: prod, WORKERS: 4}
                resources: {memory: 64m, cpus: 0.5, pids: 64}
                restart: {policy: on-failure, backoff: {initial: 100ms, max: 10s}}
                health: {exec: [wget, -q, -O-, "http://127.0.0.1:8080/"], interval: 1s, timeout: 500ms, retries: 3}
                after: [db]
              - name: db
                rootfs: ./db-root
                command: [/bin/db]
                health: {tcp: 5432}
              - name: web
                image: builtin:busybox
                restart: {policy: "no"}
                health: {http: "http://127.0.0.1:8080/healthz", interval: 2m}
                after: [api, db]
            """;

    static List<BadDeploymentFiles.Case> bad() {
        return BadDeploymentFiles.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad")
    void eachBadFileGivesExactlyOneLineAtItsPlace(BadDeploymentFiles.Case c) {
        DeploymentCheck check = DeploymentFile.parse("deploy.yaml", c.yaml(), dir);
        assertThat(check.ok()).isFalse();
        assertThat(check.deployment()).isEmpty();
        assertThat(check.problems()).map(Problem::toString).containsExactly(c.expected("deploy.yaml"));
        assertThatThrownBy(check::orThrow).isInstanceOf(InvalidDeploymentException.class)
                .hasMessage(c.expected("deploy.yaml"));
    }

    @Test
    void aGoodFileRoundTripsIntoTheModel() throws Exception {
        Files.createDirectory(dir.resolve("db-root"));
        Deployment d = DeploymentFile.parse("deploy.yaml", GOOD, dir).orThrow();
        assertThat(d.name()).isEqualTo("line-monitor");
        assertThat(d.workloads()).hasSize(3);
        WorkloadSpec api = d.workloads().get(0);
        assertThat(api).isEqualTo(new WorkloadSpec("api", new WorkloadSpec.Source.Image("demo/api:1"),
                List.of("/bin/httpd", "-f", "-p", "8080"), Map.of("MODE", "prod", "WORKERS", "4"),
                new Resources(OptionalLong.of(64L << 20), OptionalDouble.of(0.5), OptionalLong.of(64)),
                new RestartPolicy(RestartPolicy.Mode.ON_FAILURE, Duration.ofMillis(100), Duration.ofSeconds(10)),
                Optional.of(new HealthCheck(new HealthCheck.Probe.Exec(List.of("wget", "-q", "-O-",
                        "http://127.0.0.1:8080/")), Duration.ofSeconds(1), Duration.ofMillis(500), 3)),
                List.of("db")));
        WorkloadSpec db = d.workloads().get(1);
        assertThat(db.source()).as("relative to the file's directory, not the process's")
                .isEqualTo(new WorkloadSpec.Source.Rootfs(dir.resolve("db-root")));
        assertThat(db.resources()).isEqualTo(Resources.none());
        assertThat(db.restart()).as("a deployment restarts by default")
                .isEqualTo(new RestartPolicy(RestartPolicy.Mode.ALWAYS, Duration.ofMillis(100), Duration.ofSeconds(10)));
        assertThat(db.health()).hasValue(new HealthCheck(new HealthCheck.Probe.Tcp("127.0.0.1", 5432),
                Duration.ofSeconds(5), Duration.ofSeconds(1), 3));
        WorkloadSpec web = d.workloads().get(2);
        assertThat(web.command()).as("empty: the image's entrypoint and cmd").isEmpty();
        assertThat(web.restart().mode()).isEqualTo(RestartPolicy.Mode.NO);
        assertThat(web.health()).hasValue(new HealthCheck(new HealthCheck.Probe.Http(
                URI.create("http://127.0.0.1:8080/healthz")), Duration.ofMinutes(2), Duration.ofSeconds(1), 3));
        assertThat(StartOrder.of(d)).extracting(WorkloadSpec::name).containsExactly("db", "api", "web");
    }

    @Test
    void defaultsFollowWhatIsGiven() {
        Deployment d = DeploymentFile.parse("d.yaml", BadDeploymentFiles.one("image: demo/api:1",
                "restart: {backoff: {initial: 30s}}", "health: {tcp: \"10.0.0.2:80\", interval: 400ms}",
                "resources: {memory: -1}"), dir).orThrow();
        WorkloadSpec w = d.workloads().getFirst();
        assertThat(w.restart()).as("no max: the initial delay is not capped below itself")
                .isEqualTo(new RestartPolicy(RestartPolicy.Mode.ALWAYS, Duration.ofSeconds(30), Duration.ofSeconds(30)));
        assertThat(w.health().orElseThrow().timeout()).as("half the interval, at most 1s")
                .isEqualTo(Duration.ofMillis(200));
        assertThat(w.health().orElseThrow().probe()).isEqualTo(new HealthCheck.Probe.Tcp("10.0.0.2", 80));
        assertThat(w.resources().memoryBytes()).as("-1 is unlimited, as run --memory -1").isEmpty();
    }

    @Test
    void theGuardianSectionIsReadAndItsMistakesAreNamedAtTheirLineAndColumn() {
        String base = """
                name: shop
                guardian: {interval: 250ms, stable: 5s, prevent: off, breaker: {failures: 2, cooldown: 1m}}
                workloads:
                  - name: app
                    image: demo/api:1
                """;
        Deployment d = DeploymentFile.parse("d.yaml", base, dir).orThrow();
        assertThat(d.guardian().interval()).contains(Duration.ofMillis(250));
        assertThat(d.guardian().stable()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.guardian().prevent()).isEqualTo(io.edgefusion.guardian.config.GuardianConfig.Prevent.OFF);
        assertThat(d.guardian().breaker().failures()).isEqualTo(2);
        assertThat(d.guardian().breaker().cooldown()).isEqualTo(Duration.ofMinutes(1));
        assertThat(DeploymentFile.parse("d.yaml", base.replace("prevent: off", "prevent: never"), dir).problems())
                .map(Problem::toString).containsExactly("d.yaml:2:50: 'guardian.prevent' never: must be bind or off");
        assertThat(DeploymentFile.parse("d.yaml", base.replace("name: shop\nguardian: {interval: 250ms, stable: 5s,"
                + " prevent: off, breaker: {failures: 2, cooldown: 1m}}\n", "name: shop\n"), dir).orThrow()
                .guardian()).isEqualTo(io.edgefusion.guardian.config.GuardianConfig.defaults());
    }

    @Test
    void portsAndNetworkReachTheModel() {
        Deployment d = DeploymentFile.parse("d.yaml", BadDeploymentFiles.one("image: demo/api:1",
                "network: plant", "ports: [\"127.0.0.1:8080:80\", \"5353:53/udp\"]"), dir).orThrow();
        WorkloadSpec w = d.workloads().getFirst();
        assertThat(w.network()).contains("plant");
        assertThat(w.ports()).containsExactly("127.0.0.1:8080:80", "5353:53/udp");
        WorkloadSpec none = DeploymentFile.parse("d.yaml", BadDeploymentFiles.one("image: demo/api:1"), dir)
                .orThrow().workloads().getFirst();
        assertThat(none.network()).isEmpty();
        assertThat(none.ports()).isEmpty();
    }

    @Test
    void gcTraceTurnsTracingOnInTheEnvAndANonBooleanIsNamedAtItsPlace() {
        Deployment d = DeploymentFile.parse("d.yaml", BadDeploymentFiles.one("image: demo/api:1", "gcTrace: true",
                "env: {GODEBUG: madvdontneed=1}"), dir).orThrow();
        assertThat(d.workloads().getFirst().env()).containsEntry("GODEBUG", "madvdontneed=1,gctrace=1")
                .containsEntry("JDK_JAVA_OPTIONS", "-Xlog:gc,gc+init:stderr:utctime");
        assertThat(DeploymentFile.parse("d.yaml", BadDeploymentFiles.one("image: demo/api:1", "gcTrace: false"), dir)
                .orThrow().workloads().getFirst().env()).isEmpty();
        DeploymentCheck c = DeploymentFile.parse("deploy.yaml", BadDeploymentFiles.one("image: demo/api:1",
                "gcTrace: yes please"), dir);
        assertThat(c.problems()).map(Problem::toString).containsExactly("deploy.yaml:5:14: 'workloads[0].gcTrace'"
                + " must be true or false, got 'yes please'");
    }

    @Test
    void aMissingRelativeRootfsSaysWhereItLooked() {
        DeploymentCheck c = DeploymentFile.parse("deploy.yaml", BadDeploymentFiles.one("rootfs: ./gone",
                "command: [/bin/true]"), dir);
        assertThat(c.problems()).map(Problem::toString).containsExactly("deploy.yaml:4:13: 'workloads[0].rootfs'"
                + " ./gone: no such directory (" + dir.resolve("gone") + ")");
    }

    @Test
    void severalProblemsAreAllListedAndTheExceptionIsStillOneLine() {
        DeploymentCheck c = DeploymentFile.parse("deploy.yaml", """
                name: line-monitor
                workloads:
                  - name: api
                    image: demo/api:1
                    resources: {memory: 1k, pids: 0}
                    restart: {policy: allways}
                """, dir);
        assertThat(c.problems()).hasSize(3);
        assertThatThrownBy(c::orThrow).hasMessage("deploy.yaml:5:25: 'workloads[0].resources.memory' 1k: below the"
                + " minimum 6m (and 2 more problems; list them with 'edgefusion deploy --dry-run -f deploy.yaml')");
    }

    @Test
    void filesAreReadWithTheProfilesSizeLimitAndNamedAsTyped() throws Exception {
        Path big = dir.resolve("big.yaml");
        Files.writeString(big, "name: x\n" + "#".repeat((int) DeploymentFile.LIMIT));
        assertThat(DeploymentFile.read("big.yaml", big).problems()).map(Problem::toString)
                .containsExactly("big.yaml: deployment file of 1.0 MiB is over the 1 MiB limit; not read");
        assertThat(DeploymentFile.read("nope.yaml", dir.resolve("nope.yaml")).problems()).map(Problem::toString)
                .containsExactly("nope.yaml: no such file");
        assertThat(DeploymentFile.parse("api", "name: x\n" + "#".repeat((int) DeploymentFile.LIMIT), dir)
                .problems()).map(Problem::toString).singleElement().asString()
                .startsWith("api: deployment file of ").endsWith(" bytes is over the 1 MiB limit; not read");
        Path ok = dir.resolve("ok.yaml");
        Files.writeString(ok, BadDeploymentFiles.one("image: demo/api:1"));
        DeploymentCheck c = DeploymentFile.read("ok.yaml", ok);
        assertThat(c.ok()).isTrue();
        assertThat(c.text()).isEqualTo(Files.readString(ok));
    }

    @Test
    void durationsReadGoSpellingsAndPrintTheShortest() {
        assertThat(Durations.parse("100ms")).isEqualTo(Duration.ofMillis(100));
        assertThat(Durations.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThatThrownBy(() -> Durations.parse("0s")).hasMessage("must be at least 1ms");
        assertThatThrownBy(() -> Durations.parse("25h")).hasMessage("longer than the maximum 24h");
        assertThatThrownBy(() -> Durations.parse("-1s")).hasMessage("expected a duration like 100ms, 1s or 2m");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(Durations.format(Duration.ofMillis(100))).isEqualTo("100ms");
    }

    @Test
    void namesAreDnsLabelsShortEnoughForTheirSandboxes() {
        assertThat(DeploymentNames.valid("line-monitor")).isTrue();
        assertThat(DeploymentNames.valid("a")).isTrue();
        assertThat(DeploymentNames.valid("a".repeat(50))).isTrue();
        assertThat(DeploymentNames.valid("a".repeat(51))).isFalse();
        assertThat(DeploymentNames.valid("-a")).isFalse();
        assertThat(DeploymentNames.valid("A")).isFalse();
        assertThat(DeploymentNames.valid("a_b")).isFalse();
        assertThat(DeploymentNames.valid("a.b")).isFalse();
        String sandbox = "a".repeat(50) + "-" + "b".repeat(50) + "-r" + Integer.MAX_VALUE;
        assertThat(io.edgefusion.sandbox.state.SandboxNames.isName(sandbox)).isTrue();
    }
}
