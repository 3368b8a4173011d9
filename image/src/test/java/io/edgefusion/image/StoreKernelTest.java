package io.edgefusion.image;

import io.edgefusion.image.oci.Digest;
import io.edgefusion.image.oci.ImageRef;
import io.edgefusion.image.overlay.HostOverlay;
import io.edgefusion.image.overlay.OverlayMountSpec;
import io.edgefusion.image.overlay.OverlaySnapshots;
import io.edgefusion.image.store.Gc;
import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.store.StoredImage;
import io.edgefusion.image.testing.Cmd;
import io.edgefusion.image.testing.ImportMain;
import io.edgefusion.image.testing.RawTar;
import io.edgefusion.image.testing.TestDirs;
import io.edgefusion.image.testing.TestLayouts;
import io.edgefusion.image.transfer.ImportListener;
import io.edgefusion.image.transfer.ImportSource;
import io.edgefusion.image.transfer.Importer;
import io.edgefusion.image.unpack.UnpackOptions;
import io.edgefusion.kernel.testing.KernelTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The store under stress: concurrent imports, kill -9 mid-import, reference counts, rm, prune, deep images. */
@KernelTest
class StoreKernelTest {
    private final TestDirs dirs = new TestDirs();

    @AfterEach
    void cleanup() {
        dirs.close();
    }

    private static byte[] manyFiles(int n, long seed) {
        Random r = new Random(seed);
        RawTar t = new RawTar().dir("data/", 0755);
        for (int i = 0; i < n; i++) {
            byte[] b = new byte[4096];
            r.nextBytes(b);
            t.file("data/f" + i, 0644, 0, 0, b);
        }
        return t.bytes();
    }

    private Importer importer(ImageStore store) {
        return new Importer(store, UnpackOptions.defaults(), ImportListener.NONE);
    }

    private static List<String> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void concurrentImportsOfTheSameLayersUnpackEachOnce() throws Exception {
        Path layout = TestLayouts.write(dirs.dir("layout"), "v1", List.of(manyFiles(300, 1), manyFiles(300, 2)));
        ImageStore store = ImageStore.open(dirs.state());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Importer.Result>> results = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String name = "same:" + i;
            results.add(pool.submit(() -> {
                go.await();
                return importer(ImageStore.open(dirs.state())).run(ImportSource.parse(layout + ":v1"), ImageRef.parse(name));
            }));
        }
        go.countDown();
        int unpacked = 0;
        for (Future<Importer.Result> f : results) {
            unpacked += f.get(120, TimeUnit.SECONDS).unpacked();
        }
        pool.shutdown();
        assertThat(unpacked).as("each layer unpacked exactly once").isEqualTo(2);
        assertThat(list(store.layout().layers())).hasSize(2);
        StoredImage a = store.get("same:0");
        assertThat(store.lowerDirs(a)).isEqualTo(store.lowerDirs(store.get("same:1")));
        try (Stream<Path> s = Files.list(store.lowerDirs(a).getLast().resolve("data"))) {
            assertThat(s.count()).isEqualTo(300);
        }
        assertThat(list(store.layout().tmp())).isEmpty();
    }

    @Test
    void killNineDuringImportLeavesNothingVisibleAndTheNextImportSucceeds() throws Exception {
        byte[] tar = manyFiles(3000, 3);
        Path layout = TestLayouts.write(dirs.dir("layout"), "v1", List.of(tar));
        byte[] blob = TestLayouts.gzip(tar);
        Path blobFile = layout.resolve("blobs/sha256").resolve(Digest.of(blob).hex());
        Files.delete(blobFile);
        Cmd.run(null, "mkfifo", blobFile.toString());

        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), ImportMain.class.getName(), dirs.state().toString(),
                layout + ":v1", "killed:v1").redirectErrorStream(true).redirectOutput(dirs.root().resolve("child.log").toFile())
                .start();
        Path tmp = dirs.state().resolve("image/tmp");
        try (OutputStream fifo = Files.newOutputStream(blobFile)) { // blocks until the child opens the blob
            fifo.write(blob, 0, blob.length / 2);
            fifo.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (unpackedFiles(tmp) < 200) {
                assertThat(System.nanoTime()).as("child started unpacking").isLessThan(deadline);
                Thread.sleep(20);
            }
            child.destroyForcibly(); // SIGKILL
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } catch (java.io.IOException broken) {
            // the reader died while we wrote: expected
        }
        assertThat(child.exitValue()).isEqualTo(137);
        ImageStore store = ImageStore.open(dirs.state());
        assertThat(store.tags().read()).as("no image visible").isEmpty();
        assertThat(list(store.layout().layers())).as("no layer visible").isEmpty();
        assertThat(store.blobs().has(Digest.of(blob))).as("no layer blob visible").isFalse();
        assertThat(list(tmp)).as("the interrupted work is only in tmp").isNotEmpty();

        Files.delete(blobFile);
        Files.write(blobFile, blob);
        Importer.Result r = importer(store).run(ImportSource.parse(layout + ":v1"), ImageRef.parse("killed:v1"));
        assertThat(r.unpacked()).isEqualTo(1);
        try (Stream<Path> s = Files.list(store.lowerDirs(r.image()).getFirst().resolve("data"))) {
            assertThat(s.count()).isEqualTo(3000);
        }
        Gc.Removed pruned = store.gc().prune();
        assertThat(pruned.tmpEntries()).isPositive();
        assertThat(list(tmp)).isEmpty();
        assertThat(store.get("killed:v1").id()).isEqualTo(r.image().id());
    }

    private static long unpackedFiles(Path tmp) throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            for (Path p : s.toList()) {
                Path data = p.resolve("fs/data");
                if (Files.isDirectory(data)) {
                    try (Stream<Path> f = Files.list(data)) {
                        return f.count();
                    }
                }
            }
        }
        return 0;
    }

    @Test
    void layersAreSharedCountedAndCollected() throws Exception {
        byte[] base = new RawTar().file("base", 0644, "base").bytes();
        Path a = TestLayouts.write(dirs.dir("a"), "v1", List.of(base, new RawTar().file("a", 0644, "a").bytes()));
        Path b = TestLayouts.write(dirs.dir("b"), "v1", List.of(base, new RawTar().file("b", 0644, "b").bytes()));
        ImageStore store = ImageStore.open(dirs.state());
        importer(store).run(ImportSource.parse(a + ":v1"), ImageRef.parse("a:1"));
        Importer.Result rb = importer(store).run(ImportSource.parse(b + ":v1"), ImageRef.parse("b:1"));
        assertThat(rb.reused()).as("base layer shared").isEqualTo(1);
        Digest baseChain = rb.image().chainIds().getFirst();
        assertThat(store.gc().layerRefCounts().get(baseChain)).isEqualTo(2);
        assertThat(list(store.layout().layers())).hasSize(3);

        Gc.Removed removed = store.gc().remove(List.of(ImageRef.parse("a:1")));
        assertThat(removed.layers()).isEqualTo(1);
        assertThat(list(store.layout().layers())).hasSize(2);
        assertThat(store.gc().layerRefCounts().get(baseChain)).isEqualTo(1);
        assertThat(store.lowerDirs(store.get("b:1")).getLast().resolve("base")).hasContent("base");

        store.gc().hold("sandbox-1", store.get("b:1"));
        store.gc().remove(List.of(ImageRef.parse("b:1")));
        assertThat(list(store.layout().layers())).as("held layers survive rm").hasSize(2);
        store.gc().release("sandbox-1");
        Gc.Removed pruned = store.gc().prune();
        assertThat(pruned.layers()).isEqualTo(2);
        assertThat(list(store.layout().layers())).isEmpty();
        assertThat(store.blobs().list()).isEmpty();
    }

    @Test
    void anImageWith130LayersMountsThroughRelativeLowerdirs() throws Exception {
        List<byte[]> tars = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            tars.add(new RawTar().file("layer-" + i, 0644, "i=" + i).file("top", 0644, "from " + i).bytes());
        }
        Path layout = TestLayouts.write(dirs.dir("deep"), "v1", tars);
        ImageStore store = ImageStore.open(dirs.state());
        StoredImage im = importer(store).run(ImportSource.parse(layout + ":v1"), ImageRef.parse("deep:130")).image();
        OverlayMountSpec spec = new OverlaySnapshots(store).mountSpec(im, dirs.dir("upper"), dirs.dir("work"));
        assertThat(spec.chdir()).contains(store.layout().links());
        assertThat(spec.options().length()).isLessThanOrEqualTo(OverlaySnapshots.OPTION_LIMIT);
        assertThat(String.join(":", spec.lowerDirs().stream().map(Path::toString).toList()).length())
                .as("absolute paths would not fit in a page").isGreaterThan(4096);
        Path merged = dirs.dir("merged");
        HostOverlay.mount(spec, dirs.mounted(merged));
        assertThat(merged.resolve("top")).hasContent("from 129");
        assertThat(merged.resolve("layer-0")).hasContent("i=0");
        assertThat(merged.resolve("layer-129")).hasContent("i=129");
        assertThat(Path.of("").toAbsolutePath()).as("the JVM's cwd is untouched").isNotEqualTo(store.layout().links());
        dirs.unmount(merged);
    }
}
