package io.edgefusion.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefusion.image.testing.Cmd;
import io.edgefusion.image.testing.RawTar;
import io.edgefusion.image.testing.TestLayouts;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.edgefusion.cli.CliRun.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a docker user expects of images: {@code rm ID} of a multiply tagged image refuses without -f, an OCI
 * archive keeps its ref name like a layout directory, the progress line stays within a layer, commit keeps the
 * sandbox's command, and a plain root file system tar imports as {@code docker import} does.
 */
@KernelTest
class ImageTagsImportCommitKernelTest {
    private final TestSandboxes ts = new TestSandboxes();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void tearDown() {
        ts.close();
    }

    private CliRun cli(String... args) {
        return CliRun.under(ts.root(), args);
    }

    private List<String> tags() throws Exception {
        List<String> out = new ArrayList<>();
        json.readTree(ok(cli("image", "ls", "--json")).out()).path("images")
                .forEach(n -> out.add(n.path("name").asText() + ":" + n.path("tag").asText()));
        return out;
    }

    private Path layout(String dir, String tag) throws Exception {
        return TestLayouts.write(Files.createDirectories(ts.root().resolve("src").resolve(dir)), tag,
                List.of(new RawTar().file("a", 0644, "x").bytes()));
    }

    @Test
    void rmOfAnIdWithSeveralTagsRefusesWithoutForceAndRmOfATagUntagsJustIt() throws Exception {
        Path layout = layout("multi", "v1");
        for (String name : List.of("a/one:1", "a/two:1", "a/three:1")) {
            ok(cli("image", "import", layout + ":v1", name));
        }
        String id = json.readTree(ok(cli("image", "inspect", "a/one:1")).out()).path("images").get(0).path("id")
                .asText();
        String shortId = id.substring(7, 19);

        CliRun refused = cli("image", "rm", shortId);
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.RUNTIME_ERROR);
        assertThat(refused.err().strip()).isEqualTo("edgefusion: image " + shortId + " is referenced in multiple"
                + " tags (a/one:1, a/three:1, a/two:1): use -f to remove them all, or name one tag");
        assertThat(tags()).containsExactlyInAnyOrder("a/one:1", "a/two:1", "a/three:1");

        assertThat(ok(cli("image", "rm", "a/two:1")).out()).startsWith("untagged a/two:1\n");
        assertThat(tags()).containsExactlyInAnyOrder("a/one:1", "a/three:1");

        CliRun forced = ok(cli("image", "rm", "-f", shortId));
        assertThat(forced.out()).contains("untagged a/one:1").contains("untagged a/three:1");
        assertThat(tags()).isEmpty();
    }

    @Test
    void anOciArchiveKeepsItsRefNameAsItsLayoutDirectoryDoes() throws Exception {
        Path dir = layout("app", "1.36");
        ok(cli("image", "import", dir.toString()));
        assertThat(tags()).containsExactly("app:1.36");
        ok(cli("image", "rm", "app:1.36"));

        Path archive = ts.root().resolve("src/app.tar");
        Cmd.run(null, "tar", "-C", dir.toString(), "-cf", archive.toString(), ".");
        ok(cli("image", "import", archive.toString()));
        assertThat(tags()).containsExactly("app:1.36");
    }

    @Test
    void theProgressLineNeverCountsPastAllOfALayer() throws Exception {
        byte[] noise = new byte[20 << 20]; // incompressible: the compressed blob is as big as the tar
        new Random(42).nextBytes(noise);
        Path dir = TestLayouts.write(Files.createDirectories(ts.root().resolve("src/big")), "v1",
                List.of(new RawTar().file("noise", 0644, 0, 0, noise).bytes()));
        CliRun r = ok(cli("image", "import", dir + ":v1", "big:1"));
        Pattern line = Pattern.compile("  layer 1/1 (\\S+ \\S+) of (\\S+ \\S+) \\((\\d+) %\\)");
        List<Integer> percents = new ArrayList<>();
        for (String l : r.err().lines().toList()) {
            Matcher m = line.matcher(l);
            if (m.matches()) {
                percents.add(Integer.parseInt(m.group(3)));
            } else {
                assertThat(l).as("every line is a layer line, a progress line or 'unpacked'")
                        .matches("layer 1/1 \\w+ .*|  unpacked in \\d+ ms");
            }
        }
        assertThat(percents).as("progress of a 20 MiB layer is reported").isNotEmpty()
                .allSatisfy(p -> assertThat(p).isBetween(0, 100));
    }

    /** demo/base:1: the busybox root with a CMD. */
    private void baseImage() throws Exception {
        BaseImage.build(ts, "default");
    }

    private JsonNode config(String image) throws Exception {
        return json.readTree(ok(cli("image", "inspect", image)).out()).path("images").get(0).path("config");
    }

    @Test
    void commitKeepsTheSandboxsCommandNotTheBaseImagesCmd() throws Exception {
        baseImage();
        ok(cli("run", "--name", "c1", "demo/base:1", "--", "sh", "-c", "echo committed > /f"));
        ok(cli("commit", "c1", "demo/c:1"));
        assertThat(config("demo/c:1").path("cmd").toString()).isEqualTo("[\"sh\",\"-c\",\"echo committed > /f\"]");
        assertThat(ok(cli("run", "--rm", "demo/c:1")).out()).isEmpty();

        ok(cli("run", "--name", "c2", "demo/base:1"));
        ok(cli("commit", "c2", "demo/c:2"));
        assertThat(config("demo/c:2").path("cmd").toString()).as("the base's defaults, when the sandbox used them")
                .isEqualTo("[\"sh\",\"-c\",\"echo default\"]");
        ok(cli("rm", "c1", "c2"));
    }

    @Test
    void aPlainRootfsTarImportsAsDockerImportDoes() throws Exception {
        Path tar = ts.root().resolve("src/rootfs.tar");
        Files.createDirectories(tar.getParent());
        Cmd.run(null, "tar", "-C", ts.busybox().toString(), "-cf", tar.toString(), ".");
        CliRun imp = ok(cli("image", "import", "--devices=create", tar.toString(), "rootfs:1"));
        assertThat(imp.err()).contains("not an image archive; importing it as a root file system (one layer)");
        JsonNode inspect = json.readTree(ok(cli("image", "inspect", "rootfs:1")).out()).path("images").get(0);
        assertThat(inspect.path("layers")).hasSize(1);
        assertThat(inspect.path("config").path("cmd")).isEmpty();
        assertThat(ok(cli("run", "--rm", "rootfs:1", "--", "sh", "-c", "echo from the rootfs")).out())
                .isEqualTo("from the rootfs\n");

        Cmd.run(null, "gzip", "-k", tar.toString());
        ok(cli("image", "import", tar + ".gz", "rootfs:gz"));
        assertThat(json.readTree(ok(cli("image", "inspect", "rootfs:gz")).out()).path("images").get(0)
                .path("layers").get(0)
                .path("mediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
    }
}
