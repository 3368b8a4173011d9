package io.edgefusion.cli;

import io.edgefusion.image.testing.FaultProxy;
import io.edgefusion.image.testing.TestRegistry;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.edgefusion.cli.CliRun.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mirrors from {@code registries.yaml}, tried in order: a dead one (a closed port) and a broken one (HTTP 500
 * from {@link FaultProxy}) are skipped with a note, the first that has the image serves it and the origin is not
 * contacted (a counting proxy in front of it); with every mirror down the origin serves. All registries are
 * Debian's docker-registry on loopback, plain HTTP.
 */
@KernelTest
class RegistryMirrorsKernelTest {
    private final TestSandboxes ts = new TestSandboxes();
    private TestRegistry origin;
    private TestRegistry mirror;
    private FaultProxy originFront;
    private FaultProxy broken;
    private String dead;

    @BeforeEach
    void start() throws Exception {
        origin = TestRegistry.plain(ts.root().resolve("registry-origin"));
        mirror = TestRegistry.plain(ts.root().resolve("registry-mirror"));
        originFront = new FaultProxy(origin);
        broken = new FaultProxy(mirror);
        broken.failAll(500);
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = "127.0.0.1:" + s.getLocalPort(); // closed again: nothing listens there
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        broken.close();
        originFront.close();
        mirror.close();
        origin.close();
        ts.close();
    }

    private CliRun cli(String... args) {
        return CliRun.under(ts.root(), args);
    }

    /** demo/base:1 pushed to {@code hosts} (straight to the registries, not through the counting front). */
    private void pushedTo(String... hosts) throws Exception {
        BaseImage.build(ts, "from a mirror");
        for (String h : hosts) {
            ok(cli("image", "tag", "demo/base:1", h + "/demo/base:1"));
            ok(cli("push", "--insecure", h + "/demo/base:1"));
            ok(cli("image", "rm", h + "/demo/base:1"));
        }
        ok(cli("image", "rm", "demo/base:1"));
        ok(cli("image", "prune"));
    }

    private void mirrors(String... hosts) throws Exception {
        Path yaml = Files.createDirectories(ts.root().resolve("registry")).resolve("registries.yaml");
        StringBuilder b = new StringBuilder("registries:\n  " + originFront.host() + ":\n    mirrors:\n");
        for (String h : hosts) {
            b.append("      - \"").append(h).append("\"\n");
        }
        Files.writeString(yaml, b.toString());
    }

    @Test
    void aDeadAndABrokenMirrorAreSkippedAndTheNextServesWithoutAskingTheOrigin() throws Exception {
        pushedTo(origin.host(), mirror.host());
        mirrors(dead, broken.host(), mirror.host());
        String ref = originFront.host() + "/demo/base:1";
        CliRun pull = ok(cli("pull", "--insecure", ref));
        assertThat(pull.err().lines().toList()).as(pull.err())
                .anySatisfy(l -> assertThat(l).startsWith("mirror " + dead + " skipped:").contains("connection refused"))
                .anySatisfy(l -> assertThat(l).startsWith("mirror " + broken.host() + " skipped:").contains("500"))
                .anySatisfy(l -> assertThat(l).startsWith("from " + mirror.host() + ": manifest"));
        assertThat(broken.requests()).as("the broken mirror was asked").isNotEmpty();
        assertThat(originFront.requests()).as("the origin was not contacted").isEmpty();
        assertThat(ok(cli("run", "--rm", ref)).out()).isEqualTo("from a mirror\n");
    }

    @Test
    void withEveryMirrorDownTheOriginServes() throws Exception {
        pushedTo(origin.host());
        mirrors(dead, broken.host());
        String ref = originFront.host() + "/demo/base:1";
        CliRun pull = ok(cli("pull", "--insecure", ref));
        assertThat(pull.err()).contains("mirror " + dead + " skipped:").contains("mirror " + broken.host() + " skipped:")
                .contains("from " + originFront.host() + ": manifest");
        assertThat(originFront.requests()).anyMatch(r -> r.startsWith("GET /v2/demo/base/manifests/1"));
        assertThat(ok(cli("run", "--rm", ref)).out()).isEqualTo("from a mirror\n");
    }

    @Test
    void aMirrorWithoutTheImageIsSkippedToo() throws Exception {
        pushedTo(origin.host());
        mirrors(mirror.host());
        CliRun pull = ok(cli("pull", "--insecure", originFront.host() + "/demo/base:1"));
        assertThat(pull.err()).contains("mirror " + mirror.host() + " skipped:").contains("not found")
                .contains("from " + originFront.host() + ": manifest");
    }
}
