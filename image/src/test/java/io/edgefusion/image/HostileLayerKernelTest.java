package io.edgefusion.image;

import io.edgefusion.image.oci.Digest;
import io.edgefusion.image.oci.ImageRef;
import io.edgefusion.image.oci.MediaTypes;
import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.testing.RawTar;
import io.edgefusion.image.testing.TestDirs;
import io.edgefusion.image.testing.TestLayouts;
import io.edgefusion.image.testing.TreeSnapshot;
import io.edgefusion.image.transfer.ImportListener;
import io.edgefusion.image.transfer.ImportSource;
import io.edgefusion.image.transfer.Importer;
import io.edgefusion.image.unpack.UnpackOptions;
import io.edgefusion.kernel.testing.KernelTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A corpus of hostile layers, written by the test: each import fails with a clear one-line error, nothing
 * outside the store changes (a listing of everything the test owns, compared before and after), and the store
 * holds no layer, no blob and no temp file from the attempt.
 */
@KernelTest
class HostileLayerKernelTest {
    private static final TestDirs DIRS = new TestDirs();
    private Path outside;

    @BeforeEach
    void bait() throws Exception {
        outside = DIRS.dir("outside");
        Files.writeString(outside.resolve("passwd"), "root:x:0:0::/root:/bin/sh\n");
        Files.writeString(outside.resolve("secret"), SECRET + " is the root password\n");
        DIRS.dir("outside/etc");
    }

    @AfterEach
    void cleanup() {
        DIRS.close();
    }

    /** A host file's first word that no error may ever print. */
    private static final String SECRET = "hunter2";

    /** A layout whose one layer is the given blob (gzip) with diff id {@code diffId}. */
    interface Case {
        Path write(Path dir, Path outside) throws Exception;

        /** The import's limits, from the corpus's defaults. */
        default UnpackOptions limits(UnpackOptions base) {
            return base;
        }
    }

    static Case withLimits(Case c, java.util.function.UnaryOperator<UnpackOptions> limits) {
        return new Case() {
            @Override
            public Path write(Path dir, Path outside) throws Exception {
                return c.write(dir, outside);
            }

            @Override
            public UnpackOptions limits(UnpackOptions base) {
                return limits.apply(base);
            }
        };
    }

    /** A good layout with {@code name} (relative to it) replaced by a symlink to {@code target}. */
    static Case symlinked(String name, java.util.function.Function<Path, String> target) {
        return (d, o) -> {
            Path p = TestLayouts.write(d, "v1", List.of(new RawTar().file("a", 0644, "x").bytes()));
            Path link = p.resolve(name);
            if (Files.isDirectory(link)) {
                Files.move(link, o.resolve("moved-" + link.getFileName()));
            } else {
                Files.deleteIfExists(link);
            }
            Files.createSymbolicLink(link, Path.of(target.apply(o)));
            return p;
        };
    }

    /** The layer blob of a one-layer good layout (after the config and manifest, the only other blob). */
    static String layerBlob(Path layout) throws Exception {
        byte[] idx = Files.readAllBytes(layout.resolve("index.json"));
        String manifest = io.edgefusion.image.oci.OciJson.MAPPER.readTree(idx).path("manifests").get(0)
                .path("digest").asText().substring(7);
        return io.edgefusion.image.oci.OciJson.MAPPER.readTree(layout.resolve("blobs/sha256/" + manifest).toFile())
                .path("layers").get(0).path("digest").asText().substring(7);
    }

    static Case layer(RawTar tar) {
        return (dir, out) -> TestLayouts.write(dir, "v1", List.of(tar.bytes()));
    }

    static Stream<Arguments> corpus() {
        byte[] good = new RawTar().file("a", 0644, "hello world ".repeat(200)).bytes();
        byte[] gz = TestLayouts.gzip(good);
        return Stream.of(
                Arguments.of("dot-dot entry", layer(new RawTar().file("../../outside/passwd", 0644, "pwned")), "contains '..'"),
                Arguments.of("dot-dot inside a path", layer(new RawTar().dir("a/", 0755).file("a/../../x", 0644, "x")), "contains '..'"),
                Arguments.of("absolute name", (Case) (d, o) -> TestLayouts.write(d, "v1",
                        List.of(new RawTar().file(o.resolve("passwd").toString(), 0644, "pwned").bytes())), "absolute path"),
                Arguments.of("symlink to outside then a file through it", (Case) (d, o) -> TestLayouts.write(d, "v1",
                        List.of(new RawTar().symlink("etc", o.toString()).file("etc/passwd", 0644, "pwned").bytes())),
                        "passes through a symlink"),
                Arguments.of("symlink etc -> /etc then etc/passwd", layer(new RawTar().symlink("etc", "/etc")
                        .file("etc/passwd", 0644, "pwned")), "passes through a symlink"),
                Arguments.of("relative symlink climbing out", layer(new RawTar().symlink("up", "../../../../../..")
                        .file("up/tmp/x", 0644, "pwned")), "passes through a symlink"),
                Arguments.of("symlink chain", layer(new RawTar().symlink("b", "/").symlink("a", "b")
                        .file("a/etc/x", 0644, "pwned")), "passes through a symlink"),
                Arguments.of("hardlink to an absolute path", (Case) (d, o) -> TestLayouts.write(d, "v1",
                        List.of(new RawTar().hardlink("h", o.resolve("passwd").toString()).bytes())), "absolute path"),
                Arguments.of("hardlink climbing out", layer(new RawTar().hardlink("h", "../../outside/passwd")), "contains '..'"),
                Arguments.of("hardlink to a file not in the layer", layer(new RawTar().hardlink("h", "etc/shadow")),
                        "not a file earlier in this layer"),
                Arguments.of("hardlink through a symlink", layer(new RawTar().symlink("s", "/").hardlink("h", "s/etc/passwd")),
                        "not a file earlier in this layer"),
                Arguments.of("file under a file", layer(new RawTar().file("f", 0644, "x").file("f/x", 0644, "y")),
                        "not a directory"),
                Arguments.of("absurd size", layer(new RawTar().pax("size", "999999999999999").lyingFile("big", 0, new byte[0])),
                        "absurd size"),
                Arguments.of("duplicate entry", layer(new RawTar().file("a", 0644, "1").file("a", 0644, "2")), "duplicate entry"),
                Arguments.of("whiteout and file of one name", layer(new RawTar().file("a", 0644, "1").file(".wh.a", 0644, "")),
                        "duplicate entry"),
                Arguments.of("whiteout of ..", layer(new RawTar().file(".wh...", 0644, "")), "invalid name"),
                Arguments.of("forged overlay xattr", layer(new RawTar().pax("SCHILY.xattr.trusted.overlay.redirect", "/etc")
                        .dir("d/", 0755)), "overlayfs metadata"),
                Arguments.of("truncated tar", (Case) (d, o) -> TestLayouts.write(d, "v1",
                        List.of(Arrays.copyOf(good, 700))), "corrupt or truncated"),
                Arguments.of("layer blob digest mismatch", (Case) (d, o) -> {
                    Path p = TestLayouts.write(d, "v1", List.of(good));
                    Path blob = p.resolve("blobs/sha256").resolve(Digest.of(gz).hex());
                    byte[] b = Files.readAllBytes(blob);
                    b[b.length / 2] ^= 1;
                    Files.write(blob, b);
                    return p;
                }, "digest mismatch"),
                Arguments.of("diff_id mismatch", (Case) (d, o) -> TestLayouts.writeBlobs(d, "v1", List.of(gz),
                        List.of(Digest.of("not the tar")), MediaTypes.OCI_LAYER_GZIP), "diff_id mismatch"),
                Arguments.of("truncated gzip", (Case) (d, o) -> TestLayouts.writeBlobs(d, "v1",
                        List.of(Arrays.copyOf(gz, gz.length / 2)), List.of(Digest.of(good)), MediaTypes.OCI_LAYER_GZIP),
                        "corrupt or truncated"),
                Arguments.of("corrupt gzip", (Case) (d, o) -> {
                    byte[] bad = gz.clone();
                    for (int i = 20; i < 40; i++) {
                        bad[i] = (byte) 0xff;
                    }
                    return TestLayouts.writeBlobs(d, "v1", List.of(bad), List.of(Digest.of(good)), MediaTypes.OCI_LAYER_GZIP);
                }, "corrupt or truncated"),
                Arguments.of("zstd layer", (Case) (d, o) -> TestLayouts.writeBlobs(d, "v1", List.of(gz),
                        List.of(Digest.of(good)), "application/vnd.oci.image.layer.v1.tar+zstd"), "not supported"),
                Arguments.of("decompression bomb", (Case) (d, o) -> TestLayouts.write(d, "v1",
                        List.of(new RawTar().file("zeros", 0644, 0, 0, new byte[3 << 20]).bytes())), "layer limit"),
                Arguments.of("symlinked index.json pointing at a host secret", symlinked("index.json",
                        o -> o.resolve("secret").toString()), "index.json: is or passes a symbolic link"),
                Arguments.of("index.json that is not JSON (its first token must not be echoed)", (Case) (d, o) -> {
                    Path p = TestLayouts.write(d, "v1", List.of(good));
                    Files.writeString(p.resolve("index.json"), SECRET + " is the root password\n");
                    return p;
                }, "invalid JSON at line 1"),
                Arguments.of("symlinked oci-layout", symlinked("oci-layout", o -> o.resolve("secret").toString()),
                        "not an OCI image layout"),
                Arguments.of("symlinked blobs directory", symlinked("blobs", o -> o.resolve("moved-blobs").toString()),
                        "is or passes a symbolic link"),
                Arguments.of("symlinked layer blob", (Case) (d, o) -> {
                    Path p = TestLayouts.write(d, "v1", List.of(good));
                    Path blob = p.resolve("blobs/sha256").resolve(layerBlob(p));
                    Files.move(blob, o.resolve("layer-blob"));
                    Files.createSymbolicLink(blob, o.resolve("layer-blob"));
                    return p;
                }, "is or passes a symbolic link"),
                Arguments.of("empty layer blob (0 bytes)", (Case) (d, o) -> TestLayouts.writeBlobs(d, "v1",
                        List.of(new byte[0]), List.of(Digest.of(new byte[0])), MediaTypes.OCI_LAYER), "empty blob"),
                Arguments.of("empty gzip as a layer", (Case) (d, o) -> TestLayouts.writeBlobs(d, "v1",
                        List.of(TestLayouts.gzip(new byte[0])), List.of(Digest.of(new byte[0])),
                        MediaTypes.OCI_LAYER_GZIP), "empty layer"),
                Arguments.of("gzip bomb under the layer cap (1000:1 zeros)", withLimits((d, o) -> TestLayouts.write(d,
                        "v1", List.of(new RawTar().file("zeros", 0644, 0, 0, new byte[12 << 20]).bytes())),
                        l -> l.withMaxLayerBytes(64 << 20)), "expands more than 100:1"),
                Arguments.of("layers together over the image cap", withLimits((d, o) -> TestLayouts.write(d, "v1",
                        List.of(new RawTar().file("a", 0644, "a".repeat(600_000)).bytes(),
                                new RawTar().file("b", 0644, "b".repeat(600_000)).bytes())),
                        l -> l.withMaxImageBytes(1 << 20)), "image limit"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void refused(String name, Case c, String message) throws Exception {
        Path layout = c.write(DIRS.dir("layout"), outside);
        Map<String, String> before = outsideTheStore();
        ImageStore store = ImageStore.open(DIRS.state());
        UnpackOptions limits = c.limits(UnpackOptions.defaults().withMaxLayerBytes(2 << 20));
        assertThatThrownBy(() -> new Importer(store, limits, ImportListener.NONE)
                .run(ImportSource.parse(layout + ":v1"), ImageRef.parse("hostile:v1")))
                .as(name).isInstanceOf(ImageException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain(SECRET));
        assertThat(outsideTheStore()).as("nothing outside the store changed").isEqualTo(before);
        assertThat(Files.readString(outside.resolve("passwd"))).startsWith("root:");
        Path image = DIRS.state().resolve("image");
        try (var s = Files.list(image.resolve("layers"))) {
            assertThat(s.toList()).as("no partial layer").isEmpty();
        }
        try (var s = Files.list(image.resolve("tmp"))) {
            assertThat(s.toList()).as("no temp leftovers").isEmpty();
        }
        assertThat(store.tags().read()).isEmpty();
        assertThat(store.blobs().list()).as("no blob of a refused layer").isEmpty();
    }

    private Map<String, String> outsideTheStore() {
        Map<String, String> all = new java.util.TreeMap<>(TreeSnapshot.of(DIRS.root(), true));
        all.keySet().removeIf(k -> k.equals("state") || k.startsWith("state/"));
        return all;
    }
}
