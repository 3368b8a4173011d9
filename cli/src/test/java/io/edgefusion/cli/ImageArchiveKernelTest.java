package io.edgefusion.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefusion.image.oci.Digest;
import io.edgefusion.image.oci.OciJson;
import io.edgefusion.image.store.StoreLayout;
import io.edgefusion.image.testing.Cmd;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.oci.e2e.Podman;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.edgefusion.cli.CliRun.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * image save in its three formats, checked by the ecosystem's readers (skopeo, podman) and loaded back by
 * image load into fresh stores and run; a truncated archive and a failing save leave nothing behind.
 */
@KernelTest
class ImageArchiveKernelTest {
    private final TestSandboxes ts = new TestSandboxes();

    @AfterEach
    void tearDown() {
        ts.close();
    }

    private CliRun cli(Path root, String... args) {
        return CliRun.under(root, args);
    }

    /** demo/app:1 in the test's store: the busybox root and one more file, two layers. */
    private void build() throws Exception {
        Path ctx = Files.createDirectories(ts.root().resolve("ctx"));
        assertThat(new ProcessBuilder("cp", "-a", ts.busybox().toString(), ctx.resolve("rootfs").toString())
                .start().waitFor()).isZero();
        Files.writeString(ctx.resolve("greeting"), "loaded and running\n");
        Files.writeString(ctx.resolve("Buildfile"), """
                FROM scratch
                COPY rootfs/ /
                COPY greeting /etc/greeting
                CMD ["cat", "/etc/greeting"]
                """);
        ok(cli(ts.root(), "image", "build", "-t", "demo/app:1", ctx.toString()));
    }

    private JsonNode inspect(Path root) throws Exception {
        return OciJson.MAPPER.readTree(ok(cli(root, "image", "inspect", "--json", "demo/app:1")).out())
                .path("images").get(0);
    }

    private Path save(String format, String file) {
        Path f = ts.root().resolve(file);
        ok(cli(ts.root(), "image", "save", "--format", format, "-o", f.toString(), "demo/app:1"));
        return f;
    }

    private static Digest sha256(InputStream in) throws Exception {
        MessageDigest md = Digest.sha256();
        try (InputStream d = new DigestInputStream(in, md)) {
            d.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return Digest.of(md);
    }

    private static JsonNode json(Path p) throws Exception {
        return OciJson.MAPPER.readTree(Files.readAllBytes(p));
    }

    @Test
    void everyFormatIsReadBySkopeoAndLoadsBackAndRuns() throws Exception {
        build();
        JsonNode mine = inspect(ts.root());
        String id = mine.path("id").asText();
        String manifestDigest = mine.path("manifestDigest").asText();
        Path layout = ts.root().resolve("layout");
        ok(cli(ts.root(), "image", "save", "demo/app:1", "--format", "oci-layout", "-o", layout.toString()));
        assertThat(json(layout.resolve("index.json")).at("/manifests/0/digest").asText()).isEqualTo(manifestDigest);
        Path oci = save("oci-archive", "app.oci.tar");
        Path docker = save("docker-archive", "app.docker.tar");

        // reproducible: a second save, and one to stdout, give the same bytes
        assertThat(Files.mismatch(oci, save("oci-archive", "again.oci.tar"))).isEqualTo(-1);
        assertThat(Files.mismatch(docker, save("docker-archive", "again.docker.tar"))).isEqualTo(-1);
        java.io.ByteArrayOutputStream piped = new java.io.ByteArrayOutputStream();
        java.io.PrintStream pipedOut = new java.io.PrintStream(piped, true);
        assertThat(Main.run(new String[]{"--root=" + ts.root(), "image", "save", "--format", "docker-archive", "-o",
                "-", "demo/app:1"}, pipedOut, new java.io.PrintStream(java.io.OutputStream.nullOutputStream())))
                .isZero();
        assertThat(piped.toByteArray()).isEqualTo(Files.readAllBytes(docker));

        JsonNode inspected = OciJson.MAPPER.readTree(Cmd.run(null, "skopeo", "inspect", "oci-archive:" + oci));
        assertThat(inspected.path("Digest").asText()).isEqualTo(manifestDigest);
        assertThat(OciJson.MAPPER.readTree(Cmd.run(null, "skopeo", "inspect", "--config", "oci-archive:" + oci))
                .at("/rootfs/diff_ids")).hasSize(2);

        // skopeo reads the docker archive: the same config, and layers that are our diff_ids uncompressed
        Path copied = ts.root().resolve("copied");
        Cmd.run(null, "skopeo", "copy", "docker-archive:" + docker, "oci:" + copied + ":1");
        JsonNode index = json(copied.resolve("index.json"));
        JsonNode manifest = json(copied.resolve("blobs/sha256/" + index.at("/manifests/0/digest").asText()
                .substring(7)));
        assertThat(manifest.at("/config/digest").asText()).isEqualTo(id);
        JsonNode config = json(copied.resolve("blobs/sha256/" + id.substring(7)));
        List<String> diffIds = new ArrayList<>();
        config.at("/rootfs/diff_ids").forEach(d -> diffIds.add(d.asText()));
        List<String> layers = new ArrayList<>();
        for (JsonNode l : manifest.path("layers")) {
            Path blob = copied.resolve("blobs/sha256/" + l.path("digest").asText().substring(7));
            InputStream in = Files.newInputStream(blob);
            layers.add(sha256(l.path("mediaType").asText().endsWith("gzip") ? new GzipCompressorInputStream(in)
                    : in).toString());
        }
        assertThat(layers).hasSize(2).isEqualTo(diffIds);

        for (Path source : List.of(layout, oci, docker)) {
            Path root = Files.createDirectories(ts.root().resolve("load-" + source.getFileName()));
            ok(cli(root, "image", "load", source.toString()));
            assertThat(inspect(root).path("id").asText()).as(source.toString()).isEqualTo(id);
            assertThat(ok(cli(root, "run", "--rm", "demo/app:1")).out()).isEqualTo("loaded and running\n");
            ok(cli(root, "gc")); // a root of its own has a cgroup parent of its own; ts.close() sweeps only ts's
        }
    }

    @Test
    void podmanLoadsTheDockerArchive() throws Exception {
        build();
        String id = inspect(ts.root()).path("id").asText();
        Path docker = save("docker-archive", "app.docker.tar");
        try (Podman podman = new Podman(Files.createDirectories(ts.root().resolve("podman")),
                Path.of("/usr/bin/runc"))) {
            podman.podman("load", "-i", docker.toString()).ok();
            String images = podman.podman("images", "--no-trunc", "--format", "{{.ID}} {{.Repository}}:{{.Tag}}")
                    .ok().out();
            assertThat(images).contains(id.substring(7)).contains("demo/app:1");
        }
    }

    @Test
    void aTruncatedArchiveIsRefusedWithNothingStoredAndAFailedSaveLeavesNoFile() throws Exception {
        build();
        Path docker = save("docker-archive", "app.docker.tar");
        Path cut = ts.root().resolve("cut.tar");
        Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(docker), (int) Files.size(docker) / 2));
        Path root = Files.createDirectories(ts.root().resolve("fresh"));
        CliRun r = cli(root, "image", "load", "-q", cut.toString());
        assertThat(r.exitCode()).isEqualTo(125);
        assertThat(r.err().lines().toList()).as(r.err()).singleElement().asString()
                .startsWith("edgefusion: ").contains(cut.toString()).contains("truncated");
        assertThat(OciJson.MAPPER.readTree(ok(cli(root, "image", "ls", "--json")).out()).path("images")).isEmpty();
        try (Stream<Path> blobs = Files.list(new StoreLayout(root).blobs())) {
            assertThat(blobs).isEmpty();
        }

        // a layer blob gone from the store: the save fails on it and leaves neither the file nor a temp file
        String layer = inspect(ts.root()).at("/layers/0/digest").asText();
        Path out = Files.createDirectories(ts.root().resolve("out"));
        Path blob = new StoreLayout(ts.root()).blob(Digest.parse(layer));
        Files.delete(blob);
        CliRun failed = cli(ts.root(), "image", "save", "--format", "oci-archive", "-o",
                out.resolve("app.tar").toString(), "demo/app:1");
        assertThat(failed.exitCode()).isEqualTo(125);
        assertThat(failed.err().lines().toList()).as(failed.err()).singleElement().asString().contains(layer);
        try (Stream<Path> s = Files.list(out)) {
            assertThat(s).isEmpty();
        }
        CliRun bad = cli(ts.root(), "image", "save", "--format", "tar", "-o", "x.tar", "demo/app:1");
        assertThat(bad.exitCode()).isEqualTo(125);
        assertThat(bad.err().strip()).isEqualTo("edgefusion: --format tar: use one of oci-layout, oci-archive,"
                + " docker-archive");
    }
}
