package io.edgefusion.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefusion.cli.json.SchemaCheck;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.runtime.diagnose.throttling.Verdict;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code diagnose throttling} on real workloads under {@code --cpus 0.5 --gc-trace}: a static Go program (built
 * here with Debian's go) and a Java program (run from the test's own JDK, bind-mounted) that allocate hard, each
 * once with its parallelism forced far above the quota and once with EdgeFusion's ergonomics. The verdicts must
 * differ, and the numbers say why: parallelism against what fits (and, for the JVM, less pause time in throttled
 * stretches).
 */
@KernelTest
class DiagnoseThrottlingKernelTest {
    private static final String WINDOW = "5s";
    private static final TestSandboxes ts = new TestSandboxes();
    private static final String root = "--root=" + ts.root();
    private static final ObjectMapper json = new ObjectMapper();
    private static final List<String> started = new ArrayList<>();
    private static Path work;
    private static final int FORCED = Math.max(8, Runtime.getRuntime().availableProcessors());

    @BeforeAll
    static void build() throws Exception {
        work = Files.createTempDirectory("edgefusion-test-throttling");
        copy("alloc.go");
        copy("Alloc.java");
        exec(Map.of("CGO_ENABLED", "0", "GOCACHE", work.resolve("cache").toString(), "HOME", work.toString(),
                "GO111MODULE", "off"), "go", "build", "-o", "alloc", "alloc.go");
        exec(Map.of(), Path.of(System.getProperty("java.home"), "bin", "javac").toString(), "-d", ".", "Alloc.java");
    }

    @AfterAll
    static void tearDown() throws IOException {
        for (String n : started) {
            CliRun.of("rm", root, "-f", n);
        }
        ts.close();
        try (var s = Files.walk(work)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static void copy(String name) throws IOException {
        try (InputStream in = DiagnoseThrottlingKernelTest.class.getResourceAsStream("/throttling/" + name)) {
            Files.copy(in, work.resolve(name));
        }
    }

    private static void exec(Map<String, String> env, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + log).isZero();
    }

    /** Starts a detached workload at half a CPU with GC tracing and waits until its log shows {@code gcLine}. */
    private static String start(String name, String gcLine, List<String> mounts, List<String> env, String... cmd)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("run", root, "-d", "--name", name, "--cpus", "0.5", "--gc-trace",
                "--mount", "type=bind,src=" + work + ",dst=/app,ro"));
        args.addAll(mounts);
        for (String e : env) {
            args.add("-e");
            args.add(e);
        }
        args.add("builtin:busybox");
        args.add("--");
        args.addAll(List.of(cmd));
        CliRun r = CliRun.of(args.toArray(String[]::new));
        started.add(name);
        assertThat(r.exitCode()).as(r.err()).isZero();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            CliRun log = CliRun.of("logs", root, name);
            if ((log.out() + log.err()).contains(gcLine)) {
                return name;
            }
            assertThat(System.nanoTime()).as(name + " logged no '" + gcLine + "' within 60 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static JsonNode diagnose(String name) throws IOException {
        CliRun r = CliRun.of("diagnose", "throttling", root, name, "--window", WINDOW, "--json");
        assertThat(r.exitCode()).as(r.err()).isIn(0, 1);
        JsonNode doc = json.readTree(r.out());
        assertThat(new SchemaCheck(JsonDocumentsKernelTest.DOCS).problems("diagnose.throttling.schema.json", doc))
                .as(doc.toPrettyString()).isEmpty();
        assertThat(r.exitCode()).isEqualTo(doc.path("problem").asBoolean() ? 1 : 0);
        CliRun.of("rm", root, "-f", name);
        System.err.println(name + ": " + summary(doc));
        return doc;
    }

    private static String summary(JsonNode d) {
        JsonNode p = d.path("pauses");
        return d.path("verdict").asText() + ", " + d.path("cpu").path("throttledPeriods") + "/"
                + d.path("cpu").path("periods") + " periods throttled, parallelism " + d.path("runtime").path("parallelism") + " (fits "
                + d.path("runtime").path("fits") + "), " + p.path("overlapping") + "/" + p.path("count")
                + " pauses overlapped, " + p.path("pauseThrottledMs") + "/" + p.path("pauseMs") + " ms throttled";
    }

    private static void pathological(JsonNode d, String runtime) {
        assertThat(d.path("runtime").path("kind").asText()).isEqualTo(runtime);
        assertThat(d.path("runtime").path("parallelism").asInt()).isEqualTo(FORCED);
        assertThat(d.path("cpu").path("throttledPeriods").asLong()).isPositive();
        JsonNode p = d.path("pauses");
        assertThat(p.path("overlapping").asLong()).isPositive();
        assertThat(p.path("pauseThrottledMs").asDouble()).isGreaterThanOrEqualTo(Verdict.MIN_NANOS / 1e6);
        assertThat(p.path("throttledShare").asDouble()).isGreaterThanOrEqualTo(Verdict.SHARE);
        assertThat(d.path("verdict").asText()).isEqualTo("oversubscribed");
    }

    private static void ergonomic(JsonNode d, JsonNode forced, String runtime, int parallelism) {
        assertThat(d.path("runtime").path("kind").asText()).isEqualTo(runtime);
        assertThat(d.path("runtime").path("parallelism").asInt()).isEqualTo(parallelism)
                .isLessThanOrEqualTo(d.path("runtime").path("fits").asInt());
        assertThat(d.path("verdict").asText()).isNotEqualTo(forced.path("verdict").asText());
        assertThat(d.path("pauses").path("count").asLong()).isPositive();
    }

    @Test
    void goWithGomaxprocsForcedIsOversubscribedAndWithErgonomicsItFits() throws Exception {
        // GOGC=25: four times the cycles, so enough stop-the-world time meets throttling to measure in 5 s
        JsonNode forced = diagnose(start("go-forced", "gc 2 @", List.of(),
                List.of("GOGC=25", "GOMAXPROCS=" + FORCED), "/app/alloc"));
        pathological(forced, "go");
        JsonNode ergo = diagnose(start("go-ergo", "gc 2 @", List.of(), List.of("GOGC=25"), "/app/alloc"));
        // Go 1.25's rule, which the ergonomics inject: max(2, ceil(0.5))
        ergonomic(ergo, forced, "go", 2);
        // Not "less throttled pause time": with 2 Ps the mutator gets more done in the same quota, so more cycles
        // run (and meet throttling) in the window; what differs is that the parallelism fits.
    }

    @Test
    void jvmWithActiveProcessorsForcedIsOversubscribedAndWithErgonomicsItIsNot() throws Exception {
        JsonNode forced = diagnose(startJvm("jvm-forced", List.of("JAVA_TOOL_OPTIONS=-XX:ActiveProcessorCount="
                + FORCED)));
        pathological(forced, "jvm");
        JsonNode ergo = diagnose(startJvm("jvm-ergo", List.of()));
        ergonomic(ergo, forced, "jvm", 1);
        // Not "less throttled pause time" either: measured 1382 against 1542 ms on a loaded host, a margin that
        // a busier one can erase; what differs for certain is that one active processor fits the quota.
    }

    private static String startJvm(String name, List<String> env) throws Exception {
        // the JDK and the shared libraries it needs (glibc) come from the host, read-only
        List<String> mounts = new ArrayList<>(List.of("--mount", "type=bind,src="
                + Path.of(System.getProperty("java.home")).toRealPath() + ",dst=/jdk,ro"));
        for (String lib : List.of("/lib", "/lib64", "/usr/lib")) {
            if (Files.isDirectory(Path.of(lib))) {
                mounts.addAll(List.of("--mount", "type=bind,src=" + Path.of(lib).toRealPath() + ",dst=" + lib + ",ro"));
            }
        }
        return start(name, "Pause", mounts, env, "/jdk/bin/java", "-Xms64m", "-Xmx64m", "-cp", "/app",
                "Alloc");
    }
}
