package io.edgefusion.cli;

import io.edgefusion.image.testing.TestRegistry;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static io.edgefusion.cli.CliRun.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pull progress display: at a real terminal ({@code script} gives the shell a pty; the CLI runs in its own
 * JVM) one line per layer redrawn in place with cursor-up; into a pipe, one summary line per layer and no
 * escapes. The image (three layers) is on Debian's docker-registry on loopback.
 */
@KernelTest
class PullProgressKernelTest {
    private static final int LAYERS = 3;
    private static final String ESC = "\u001b";

    private final TestSandboxes ts = new TestSandboxes();
    private TestRegistry registry;
    private String ref;

    @BeforeEach
    void start() throws Exception {
        registry = TestRegistry.plain(ts.root().resolve("registry-plain"));
        Path ctx = Files.createDirectories(ts.root().resolve("ctx/three"));
        Random random = new Random(7);
        StringBuilder buildfile = new StringBuilder("FROM scratch\n");
        for (int i = 0; i < LAYERS; i++) {
            byte[] bytes = new byte[(i + 1) * 512 * 1024]; // incompressible: a few progress events each
            random.nextBytes(bytes);
            Files.write(ctx.resolve("part" + i), bytes);
            buildfile.append("COPY part").append(i).append(" /part").append(i).append('\n');
        }
        Files.writeString(ctx.resolve("Buildfile"), buildfile);
        ok(cli("image", "build", "-t", "demo/three:1", ctx.toString()));
        ref = registry.host() + "/demo/three:1";
        ok(cli("image", "tag", "demo/three:1", ref));
        ok(cli("push", "--insecure", ref));
        forget();
    }

    private void forget() {
        ok(cli("image", "rm", ref));
        if (cli("image", "inspect", "demo/three:1").exitCode() == 0) {
            ok(cli("image", "rm", "demo/three:1"));
        }
        ok(cli("image", "prune"));
    }

    @AfterEach
    void tearDown() throws Exception {
        registry.close();
        ts.close();
    }

    private CliRun cli(String... args) {
        return CliRun.under(ts.root(), args);
    }

    @Test
    void atATerminalEachLayerHasOneLineRedrawnInPlaceEndingComplete() throws Exception {
        Path ef = CliProcess.launcher(ts.root());
        String shown;
        try (ScriptTerminal t = new ScriptTerminal(24, 100)) {
            t.type(ef + " pull --root=" + ts.root() + " --insecure " + ref + "; echo rc=$((20+1))");
            shown = t.await("rc=21");
        }
        assertThat(shown).contains("from " + registry.host() + ": manifest").contains("pulled " + ref);
        // every redraw after the first moves up over the layers' lines, then clears and rewrites each
        String up = ESC + "[" + LAYERS + "A";
        assertThat(shown).contains(up);
        int lastUp = shown.lastIndexOf(up);
        String last = shown.substring(lastUp + up.length(), shown.indexOf("pulled " + ref, lastUp));
        List<String> lines = Arrays.stream(last.split(Pattern.quote("\r" + ESC + "[2K"))).skip(1)
                .map(String::strip).toList();
        assertThat(lines).as("the final frame: one line per layer").hasSize(LAYERS)
                .allSatisfy(l -> assertThat(l).matches("[0-9a-f]{12}: Download complete \\(.*, digest verified\\)"));
        assertThat(lines.stream().map(l -> l.substring(0, 12)).distinct()).hasSize(LAYERS);
        // a frame is drawn only when a line changed
        List<String> frames = Arrays.asList(shown.substring(shown.indexOf("\r" + ESC + "[2K"), lastUp).split(Pattern.quote(up)));
        for (int i = 1; i < frames.size(); i++) {
            assertThat(frames.get(i)).as("frame " + i).isNotEqualTo(frames.get(i - 1));
        }
        // in between, the same lines showed the bytes moving
        assertThat(shown).containsPattern("[0-9a-f]{12}: (Downloading|Waiting)");
    }

    @Test
    void intoAPipeOneSummaryLinePerLayerAndNoEscapes() {
        CliRun pull = ok(cli("pull", "--insecure", ref));
        assertThat(pull.err()).doesNotContain(ESC).doesNotContain("\r");
        List<String> done = pull.err().lines().filter(l -> l.contains(": Download complete")).toList();
        assertThat(done).hasSize(LAYERS);
        assertThat(pull.err().lines().filter(l -> l.contains("Downloading") || l.contains("Waiting"))).isEmpty();

        forget();
        Path ef = CliProcess.launcher(ts.root());
        String err = io.edgefusion.image.testing.Cmd.run(null, "sh", "-c", ef + " pull --root=" + ts.root()
                + " --insecure " + ref + " 2>&1 | cat");
        assertThat(err).doesNotContain(ESC).contains("pulled " + ref);
        assertThat(err.lines().filter(l -> l.contains(": Download complete"))).hasSize(LAYERS);
    }
}
