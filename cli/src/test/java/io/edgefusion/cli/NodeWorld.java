package io.edgefusion.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefusion.kernel.cgroup.CgroupLayout;
import io.edgefusion.kernel.proc.ProcStat;
import io.edgefusion.kernel.sys.TreeRemoval;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.testing.TestSandboxes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One end-to-end test's world: a state root of its own, real node processes on it, the thin client, the
 * deployment files it writes; and the checks that nothing leaked. {@link #close} stops every node (SIGTERM), then
 * removes every sandbox ({@code rm -f}), collects garbage ({@code gc}) and deletes the root and the files.
 */
final class NodeWorld implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final TestSandboxes ts = new TestSandboxes();
    final Path files;
    final Path launcher;
    final ThinClient cli;
    private final List<RealNode> nodes = new ArrayList<>();
    /** Every sandbox process seen (pid -> start ticks), so a removed one still alive is found, a reused pid not. */
    private final Map<Long, Long> pidsSeen = new HashMap<>();

    NodeWorld() {
        try {
            files = Files.createDirectory(Path.of(ts.root() + "-files"), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwxr-xr-x")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        launcher = RealNode.launcher(files, "ef", List.of());
        cli = ThinClient.of(files, launcher, ts.root());
    }

    Path root() {
        return ts.root();
    }

    RealNode node() throws IOException {
        return node(Map.of(), launcher);
    }

    RealNode node(Map<String, String> env, Path via) throws IOException {
        RealNode n = RealNode.start(via, root(), env);
        nodes.add(n);
        return n;
    }

    Path file(String name, String text) {
        try {
            return Files.writeString(files.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The two-workload deployment {@code shop}: {@code db} (a tcp probe on 9000) and {@code api} after it (an http
     * probe on 8080, or on {@code apiProbePort}). {@code marker} goes into both workloads' environment, so each
     * marker is a different revision. Both end on SIGTERM at once (a trap), so no stop waits out its grace.
     */
    static String shop(String marker, int apiProbePort) {
        return """
                name: shop
                workloads:
                  - name: db
                    image: builtin:busybox
                    command: [sh, -c, "trap 'exit 0' TERM; nc -ll -p 9000 -e echo ok & wait"]
                    env: {MARKER: "%1$s"}
                    restart: {policy: always, backoff: {initial: 300ms, max: 1s}}
                    health: {tcp: 9000, interval: 200ms, timeout: 150ms, retries: 25}
                  - name: api
                    image: builtin:busybox
                    command: [sh, -c, "trap 'exit 0' TERM; echo ok > /tmp/index.html; httpd -f -p 8080 -h /tmp & wait"]
                    env: {MARKER: "%1$s"}
                    restart: {policy: always, backoff: {initial: 300ms, max: 1s}}
                    health: {http: "http://127.0.0.1:%2$d/index.html", interval: 200ms, timeout: 150ms, retries: %3$d}
                    after: [db]
                """.formatted(marker, apiProbePort, apiProbePort == 8080 ? 25 : 3);
    }

    /** {@code ARGS --json} through the node: its one document. */
    JsonNode json(String... args) {
        String[] full = Stream.concat(Stream.of(args), Stream.of("--json")).toArray(String[]::new);
        ThinClient.Result r = cli.viaNode(full);
        assertThat(r.code()).as(r.toString()).isZero();
        try {
            return JSON.readTree(r.out());
        } catch (IOException e) {
            throw new AssertionError(r.toString(), e);
        }
    }

    /** Every stored event, through {@code events --since 0 --until 0s --json}. */
    List<JsonNode> events() {
        ThinClient.Result r = cli.viaNode("events", "--since", "0", "--until", "0s", "--json");
        assertThat(r.code()).as(r.toString()).isZero();
        List<JsonNode> out = new ArrayList<>();
        for (String l : r.out().split("\n")) {
            if (!l.isBlank()) {
                try {
                    out.add(JSON.readTree(l));
                } catch (IOException e) {
                    throw new AssertionError(l, e);
                }
            }
        }
        return out;
    }

    /**
     * The supervisor's {@code workload.*} events of one subject ({@code shop/api}) as their types, oldest first,
     * from the id after {@code after}; the guardian's records about it ({@code check.*}, {@code breaker.*}, …)
     * interleave at their own pace and are left out.
     */
    List<String> types(String subject, long after) {
        return events().stream().filter(e -> e.path("subject").asText().equals(subject)
                && e.path("id").asLong() > after).map(e -> e.path("type").asText())
                .filter(t -> t.startsWith("workload.")).toList();
    }

    long lastEventId() {
        return events().stream().mapToLong(e -> e.path("id").asLong()).max().orElse(0);
    }

    Map<String, SandboxState> byName() {
        List<SandboxState> all = ts.sandboxes().list();
        Map<String, SandboxState> m = all.stream().filter(s -> s.name() != null)
                .collect(Collectors.toMap(SandboxState::name, s -> s));
        assertThat(m).as("one sandbox per name, every sandbox named").hasSize(all.size());
        track(all);
        return m;
    }

    void track(List<SandboxState> all) {
        for (SandboxState s : all) {
            if (s.pid() != null && s.pidStartTicks() != null) {
                pidsSeen.put(s.pid(), s.pidStartTicks());
            }
            if (s.reaperPid() != null && s.reaperStartTicks() != null) {
                pidsSeen.put(s.reaperPid(), s.reaperStartTicks());
            }
        }
    }

    /** Waits on a condition with a deadline (no sleeps: re-checked every 50 ms). */
    static void await(String what, int seconds, BooleanSupplier ok) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!ok.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline).as("within %d s: %s", seconds, what).isTrue();
            try {
                Thread.sleep(50); // a poll interval, not a timing assumption: the deadline decides
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /**
     * Only the sandboxes that exist have state dirs and cgroups; no mount under the root; no process of a removed
     * sandbox alive (pid and start time); no helper or reaper the root's sandboxes don't account for.
     */
    void assertNoLeaks() throws IOException {
        List<SandboxState> all = ts.sandboxes().list();
        track(all);
        Set<String> live = all.stream().map(SandboxState::id).collect(Collectors.toSet());
        Path dir = root().resolve("sandboxes");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> dirs = Files.list(dir)) {
                assertThat(dirs.map(d -> d.getFileName().toString()).collect(Collectors.toSet()))
                        .as("state dirs").containsExactlyInAnyOrderElementsOf(live);
            }
        }
        CgroupLayout layout = ts.sandboxes().layout();
        List<Path> cgroupDirs = new ArrayList<>();
        layout.pathsOf(ts.sandboxes().cgroupParent()).dirs().values().forEach(d -> cgroupDirs.add(d.dir()));
        layout.pathsOf(ts.sandboxes().cgroupParent()).unified().ifPresent(d -> cgroupDirs.add(d.dir()));
        for (Path d : cgroupDirs) {
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> s = Files.list(d)) {
                assertThat(s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).collect(Collectors.toSet()))
                        .as("cgroups under " + d).containsExactlyInAnyOrderElementsOf(live);
            }
        }
        String mounts = Files.readString(Path.of("/proc/self/mountinfo"));
        for (String id : Set.copyOf(live)) {
            mounts = mounts.replace(root() + "/sandboxes/" + id + "/", "<live>/");
        }
        assertThat(mounts).as("mounts under the root but of live sandboxes").doesNotContain(root().toString());
        Set<Long> livePids = new HashSet<>();
        all.forEach(s -> {
            livePids.add(s.pid());
            livePids.add(s.reaperPid());
        });
        pidsSeen.forEach((pid, ticks) -> {
            if (!livePids.contains(pid)) {
                assertThat(ProcStat.alive(pid, ticks)).as("process " + pid + " of a removed sandbox").isFalse();
            }
        });
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (RealNode n : nodes) {
            try {
                n.stop();
            } catch (Exception | AssertionError e) {
                first = first == null ? new Exception(e) : first;
            }
        }
        try {
            ts.close(); // rm -f of every sandbox, gc, the root removed
        } catch (RuntimeException e) {
            first = first == null ? e : first;
        }
        try {
            TreeRemoval.remove(files);
        } catch (RuntimeException e) {
            first = first == null ? e : first;
        }
        if (first != null) {
            throw first;
        }
    }
}
