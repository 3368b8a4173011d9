package io.edgefusion.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefusion.image.testing.Cmd;
import io.edgefusion.image.testing.RawTar;
import io.edgefusion.image.testing.TestDirs;
import io.edgefusion.image.testing.TestLayouts;
import io.edgefusion.kernel.testing.KernelTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code edgefusion image …} end to end against a state dir of the test's own. */
@KernelTest
class ImageCommandKernelTest {
    private final TestDirs dirs = new TestDirs();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void cleanup() {
        // A RUN step makes (and removes) a sandbox: its root's cgroup parent goes with gc.
        new io.edgefusion.sandbox.Sandboxes(dirs.state()).gc();
        dirs.close();
    }

    private CliRun image(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "image";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--root";
        all[args.length + 2] = dirs.state().toString();
        return CliRun.of(all);
    }

    private static void ok(CliRun r) {
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    @Test
    void importListInspectHistorySaveRemovePrune() throws Exception {
        Path layout = TestLayouts.write(dirs.dir("layout"), "1.0", List.of(
                new RawTar().dir("etc/", 0755).file("etc/os-release", 0644, "ID=edge\n").bytes(),
                new RawTar().file("etc/motd", 0644, "hi\n").bytes()));
        CliRun imp = image("import", layout + ":1.0", "edge/base:1.0");
        ok(imp);
        assertThat(imp.out()).startsWith("imported edge/base:1.0 ").contains("2 unpacked");
        assertThat(imp.err()).contains("layer 1/2").contains("layer 2/2");

        JsonNode lsDoc = json.readTree(image("ls", "--json").out());
        assertThat(lsDoc.path("schema").asText()).isEqualTo("edgefusion.image.ls/v1");
        JsonNode ls = lsDoc.path("images");
        assertThat(ls).hasSize(1);
        assertThat(ls.get(0).path("name").asText()).isEqualTo("edge/base");
        assertThat(ls.get(0).path("layers").asInt()).isEqualTo(2);
        assertThat(image("ls").out()).contains("edge/base").contains("1.0").contains("IMAGE ID");

        JsonNode inspect = json.readTree(image("inspect", "edge/base:1.0").out()).path("images").get(0);
        assertThat(inspect.path("lowerDirs")).hasSize(2);
        assertThat(Path.of(inspect.path("lowerDirs").get(1).asText()).resolve("etc/os-release")).hasContent("ID=edge");
        assertThat(inspect.path("layers").get(0).path("sharedBy").asInt()).isEqualTo(1);
        String id = inspect.path("id").asText();
        assertThat(image("inspect", id.substring(7, 19)).exitCode()).as("by ID prefix").isZero();

        CliRun history = image("history", "--json", "edge/base:1.0");
        ok(history);
        assertThat(json.readTree(history.out()).path("history")).isEmpty(); // the test layout has no history entries

        Path out = dirs.root().resolve("saved");
        ok(image("save", "edge/base:1.0", out.toString()));
        assertThat(Cmd.run(null, "skopeo", "inspect", "oci:" + out + ":1.0")).contains(inspect.path("manifestDigest").asText());

        ok(image("import", out + ":1.0", "edge/copy:1"));
        JsonNode again = json.readTree(image("inspect", "edge/copy:1").out()).path("images").get(0);
        assertThat(again.path("layers").get(0).path("sharedBy").asInt()).isEqualTo(2);

        CliRun rm = image("rm", "edge/base:1.0");
        ok(rm);
        assertThat(rm.out()).contains("untagged edge/base:1.0").contains("deleted 0 layers");
        CliRun rm2 = image("rm", "edge/copy:1");
        ok(rm2);
        assertThat(rm2.out()).contains("deleted 2 layers");
        ok(image("prune"));
        assertThat(json.readTree(image("ls", "--json").out()).path("images")).isEmpty();
    }

    @Test
    void buildPrintsStepsAndRebuildsToTheSameDigest() throws Exception {
        Path ctx = dirs.dir("ctx");
        Files.createDirectories(ctx.resolve("lib"));
        Files.write(ctx.resolve("lib/dep.jar"), new byte[100_000]);
        Files.writeString(ctx.resolve("Main.class"), "v1");
        Files.writeString(ctx.resolve("Buildfile"), """
                FROM scratch
                WORKDIR /app
                COPY lib/ lib/
                COPY Main.class classes/
                ENTRYPOINT ["java", "-cp", "/app/lib/*:/app/classes", "Main"]
                """);
        CliRun first = image("build", "-t", "demo/app:1", ctx.toString());
        ok(first);
        assertThat(first.out()).contains("STEP 1/5: FROM scratch").contains("STEP 3/5: COPY lib/ lib/").contains("new layer")
                .contains("built demo/app:1 sha256:");
        CliRun second = image("build", "-t", "demo/app:1", ctx.toString());
        ok(second);
        assertThat(second.out()).contains("reused layer").doesNotContain("new layer");
        String digest1 = first.out().lines().filter(l -> l.startsWith("built")).findFirst().orElseThrow().split(" ")[2];
        String digest2 = second.out().lines().filter(l -> l.startsWith("built")).findFirst().orElseThrow().split(" ")[2];
        assertThat(digest2).isEqualTo(digest1);
    }

    @Test
    void errorsAreOneLineWithExit125() throws Exception {
        oneLine(image("import", "/no/such/layout"), "no such file or directory");
        oneLine(image("inspect", "nothing:here"), "no such image: nothing:here");
        oneLine(image("rm", "nothing:here"), "no such image");
        Path layout = TestLayouts.write(dirs.dir("evil"), "v1", List.of(new RawTar().symlink("etc", "/etc")
                .file("etc/passwd", 0644, "pwned").bytes()));
        oneLine(image("import", layout + ":v1", "evil:1"), "passes through a symlink");
        oneLine(image("import", layout + ":nope", "evil:1"), "no image tagged 'nope'");
        Path ctx = dirs.dir("ctx");
        Files.writeString(ctx.resolve("Buildfile"), "FROM scratch\nRUN echo hi\n");
        // A scratch image has no shell for a shell-form RUN: the sandbox says so, with the Buildfile line.
        oneLine(image("build", "-t", "x:1", ctx.toString()), "Buildfile line 2: RUN /bin/sh -c echo hi",
                "exec /bin/sh: ENOENT");
        Files.writeString(ctx.resolve("Buildfile"), "FROM scratch\nFROB x\n");
        oneLine(image("build", "-t", "x:1", ctx.toString()), "Buildfile:2: unknown instruction FROB");
        oneLine(image("import", "x", "Bad Name"), "invalid image name");
    }

    private static void oneLine(CliRun r, String... fragments) {
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.RUNTIME_ERROR);
        assertThat(r.err().lines().filter(l -> l.startsWith("edgefusion: ")).findFirst().orElse(r.err()))
                .contains(fragments);
    }

    @Test
    void helpTeaches() {
        CliRun r = CliRun.of("image", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("import").contains("build").contains("prune").contains("Examples:");
        assertThat(CliRun.of("image", "build", "--help").out()).contains("COPY [--chmod=OCTAL]").contains("reproducible");
        assertThat(CliRun.of("--help").out()).contains("image");
    }
}
