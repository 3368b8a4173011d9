package io.edgefusion.image;

import io.edgefusion.image.build.BuildProgress;
import io.edgefusion.image.build.Builder;
import io.edgefusion.image.build.RunStep;
import io.edgefusion.image.diff.Change;
import io.edgefusion.image.diff.Committer;
import io.edgefusion.image.oci.ImageRef;
import io.edgefusion.image.overlay.HostOverlay;
import io.edgefusion.image.overlay.OverlaySnapshots;
import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.store.StoredImage;
import io.edgefusion.image.testing.Cmd;
import io.edgefusion.image.testing.RawTar;
import io.edgefusion.image.testing.TestDirs;
import io.edgefusion.image.testing.TestLayouts;
import io.edgefusion.image.transfer.ImportListener;
import io.edgefusion.image.transfer.ImportSource;
import io.edgefusion.image.transfer.Importer;
import io.edgefusion.image.unpack.UnpackOptions;
import io.edgefusion.kernel.sys.Libc;
import io.edgefusion.kernel.testing.KernelTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reproducible builds, the dependency/application layer split, RUN through a fake executor, diff and commit. */
@KernelTest
class BuildKernelTest {
    private final TestDirs dirs = new TestDirs();

    @AfterEach
    void cleanup() {
        dirs.close();
    }

    static final String JAVA_APP = """
            # a Java application with vendored dependencies
            FROM scratch
            LABEL org.opencontainers.image.title="demo app"
            ENV APP_HOME=/app JAVA_OPTS="-Xmx64m"
            WORKDIR $APP_HOME
            COPY lib/ lib/
            COPY --chmod=0644 app/ classes/
            USER 1000:1000
            ENTRYPOINT ["java", "-cp", "/app/lib/*:/app/classes", "demo.Main"]
            CMD ["--serve"]
            """;

    /** A project: vendored jars (random bytes) under lib/, classes under app/, and the Buildfile. */
    static Path javaProject(Path dir) throws Exception {
        Random r = new Random(42);
        Files.createDirectories(dir.resolve("lib"));
        for (String jar : new String[]{"netty.jar", "jackson.jar", "slf4j.jar"}) {
            byte[] b = new byte[512 * 1024];
            r.nextBytes(b);
            Files.write(dir.resolve("lib").resolve(jar), b);
        }
        Files.createDirectories(dir.resolve("app/demo"));
        Files.writeString(dir.resolve("app/demo/Main.class"), "class bytes v1");
        Files.writeString(dir.resolve("app/demo/Config.class"), "config v1");
        Files.writeString(dir.resolve("Buildfile"), JAVA_APP);
        return dir;
    }

    private Builder builder(ImageStore store, RunStep run) {
        return new Builder(store, run, BuildProgress.NONE, UnpackOptions.defaults());
    }

    @Test
    void sameInputsGiveTheSameDigestAndAnAppChangeRebuildsOnlyTheAppLayer() throws Exception {
        Path project = javaProject(dirs.dir("project"));
        ImageStore one = ImageStore.open(dirs.root().resolve("state-one"));
        ImageStore two = ImageStore.open(dirs.root().resolve("state-two"));
        Builder.Result a = builder(one, RunStep.UNAVAILABLE).build(project.resolve("Buildfile"), project, ImageRef.parse("demo:1"), 0);
        Builder.Result b = builder(two, RunStep.UNAVAILABLE).build(project.resolve("Buildfile"), project, ImageRef.parse("demo:1"), 0);
        assertThat(b.image().manifestDescriptor().digest()).as("byte-identical in another store")
                .isEqualTo(a.image().manifestDescriptor().digest());
        assertThat(a.layersBuilt()).isEqualTo(2);

        Files.setLastModifiedTime(project.resolve("lib/netty.jar"), java.nio.file.attribute.FileTime.fromMillis(12345));
        Builder.Result again = builder(one, RunStep.UNAVAILABLE).build(project.resolve("Buildfile"), project, ImageRef.parse("demo:1"), 0);
        assertThat(again.layersReused()).isEqualTo(2);
        assertThat(again.image().manifestDescriptor().digest()).isEqualTo(a.image().manifestDescriptor().digest());

        Files.writeString(project.resolve("app/demo/Main.class"), "class bytes v2");
        Builder.Result changed = builder(one, RunStep.UNAVAILABLE).build(project.resolve("Buildfile"), project, ImageRef.parse("demo:2"), 0);
        assertThat(changed.layersReused()).as("dependencies layer reused").isEqualTo(1);
        assertThat(changed.layersBuilt()).isEqualTo(1);
        var before = a.image().manifest().layers();
        var after = changed.image().manifest().layers();
        assertThat(after.get(0).digest()).isEqualTo(before.get(0).digest());
        assertThat(after.get(1).digest()).isNotEqualTo(before.get(1).digest());

        StoredImage im = changed.image();
        assertThat(im.config().entrypoint()).containsExactly("java", "-cp", "/app/lib/*:/app/classes", "demo.Main");
        assertThat(im.config().cmd()).containsExactly("--serve");
        assertThat(im.config().env()).contains("APP_HOME=/app", "JAVA_OPTS=-Xmx64m");
        assertThat(im.config().workingDir()).isEqualTo("/app");
        assertThat(im.config().user()).isEqualTo("1000:1000");
        assertThat(im.config().labels()).containsEntry("org.opencontainers.image.title", "demo app");
        assertThat(im.config().history()).hasSize(8);
        Path classes = one.lowerDirs(im).getFirst().resolve("app/classes/demo/Main.class");
        assertThat(classes).hasContent("class bytes v2");
        assertThat(Files.getAttribute(classes, "unix:mode")).isEqualTo(0100644);
        assertThat(Files.getLastModifiedTime(classes).toMillis()).isZero();
    }

    @Test
    void copyOntoAnImportedImageKeepsParentsAndAppliesChown() throws Exception {
        Path layout = TestLayouts.write(dirs.dir("base"), "v1", List.of(new RawTar().dir("srv/", 0750)
                .file("srv/existing", 0644, "old").bytes()));
        ImageStore store = ImageStore.open(dirs.state());
        new Importer(store, UnpackOptions.defaults(), ImportListener.NONE).run(ImportSource.parse(layout + ":v1"),
                ImageRef.parse("base:1"));
        Path ctx = dirs.dir("ctx");
        Files.writeString(ctx.resolve("conf.yaml"), "port: 80\n");
        Files.writeString(ctx.resolve("Buildfile"), "FROM base:1\nCOPY --chown=1000:1001 --chmod=0600 conf.yaml /srv/app/\n");
        List<String> lines = new ArrayList<>();
        StoredImage im = new Builder(store, RunStep.UNAVAILABLE, new BuildProgress() {
            @Override
            public void step(int index, int total, String instruction) {
                lines.add("STEP " + index + "/" + total + ": " + instruction);
            }

            @Override
            public void detail(String line) {
                lines.add(line);
            }
        }, UnpackOptions.defaults()).build(ctx.resolve("Buildfile"), ctx, ImageRef.parse("app:1"), 0).image();
        assertThat(lines).anyMatch(l -> l.startsWith("STEP 2/2: COPY")).anyMatch(l -> l.startsWith("new layer"));
        Path top = store.lowerDirs(im).getFirst();
        assertThat(Files.getAttribute(top.resolve("srv"), "unix:mode", LinkOption.NOFOLLOW_LINKS)).isEqualTo(040750);
        assertThat(Files.getAttribute(top.resolve("srv/app/conf.yaml"), "unix:uid")).isEqualTo(1000);
        assertThat(Files.getAttribute(top.resolve("srv/app/conf.yaml"), "unix:gid")).isEqualTo(1001);
        assertThat(Files.getAttribute(top.resolve("srv/app/conf.yaml"), "unix:mode")).isEqualTo(0100600);
    }

    @Test
    void runWithoutASandboxSaysSo() throws Exception {
        Path ctx = dirs.dir("ctx");
        Files.writeString(ctx.resolve("Buildfile"), "FROM scratch\nRUN echo hi\n");
        ImageStore store = ImageStore.open(dirs.state());
        assertThatThrownBy(() -> builder(store, RunStep.UNAVAILABLE).build(ctx.resolve("Buildfile"), ctx,
                ImageRef.parse("x:1"), 0)).hasMessageContaining("Buildfile line 2: RUN is not possible in this builder");
        assertThat(store.tags().read()).isEmpty();
    }

    @Test
    void runStepUpperDirBecomesALayerWithWhiteoutsAndIsCached() throws Exception {
        Path layout = TestLayouts.write(dirs.dir("base"), "v1", List.of(new RawTar().dir("etc/", 0755)
                .file("etc/remove-me", 0644, "x").file("etc/keep", 0644, "k").bytes()));
        ImageStore store = ImageStore.open(dirs.state());
        new Importer(store, UnpackOptions.defaults(), ImportListener.NONE).run(ImportSource.parse(layout + ":v1"),
                ImageRef.parse("base:1"));
        Path ctx = dirs.dir("ctx");
        Files.writeString(ctx.resolve("Buildfile"), "FROM base:1\nENV GREETING=hello\nRUN echo $GREETING > /etc/greeting && rm /etc/remove-me\n");
        List<RunStep.RunRequest> calls = new ArrayList<>();
        RunStep fake = req -> { // what the sandbox would leave in the upper dir
            calls.add(req);
            try {
                Files.createDirectories(req.upperDir().resolve("etc"));
                Files.writeString(req.upperDir().resolve("etc/greeting"), "hello\n");
                Libc.mknod(req.upperDir().resolve("etc/remove-me").toString(), 0020000, 0);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        };
        StoredImage im = builder(store, fake).build(ctx.resolve("Buildfile"), ctx, ImageRef.parse("ran:1"), 0).image();
        assertThat(calls).hasSize(1);
        assertThat(calls.getFirst().argv()).containsExactly("/bin/sh", "-c", "echo $GREETING > /etc/greeting && rm /etc/remove-me");
        assertThat(calls.getFirst().env()).contains("GREETING=hello");
        assertThat(calls.getFirst().mount().options()).contains("upperdir=" + calls.getFirst().upperDir());
        Path merged = dirs.dir("merged");
        HostOverlay.mount(new OverlaySnapshots(store).mountSpec(im, dirs.dir("u"), dirs.dir("w")), dirs.mounted(merged));
        assertThat(merged.resolve("etc/greeting")).hasContent("hello");
        assertThat(merged.resolve("etc/remove-me")).doesNotExist();
        assertThat(merged.resolve("etc/keep")).hasContent("k");
        dirs.unmount(merged);

        Builder.Result again = builder(store, fake).build(ctx.resolve("Buildfile"), ctx, ImageRef.parse("ran:1"), 0);
        assertThat(calls).as("cached: the executor is not called again").hasSize(1);
        assertThat(again.image().id()).isEqualTo(im.id());
    }

    @Test
    void diffAndCommitOfAnUpperDir() throws Exception {
        Path layout = TestLayouts.write(dirs.dir("base"), "v1", List.of(new RawTar().dir("etc/", 0755)
                .file("etc/a", 0644, "a").file("etc/b", 0644, "b").dir("data/", 0755).file("data/old", 0644, "o").bytes()));
        ImageStore store = ImageStore.open(dirs.state());
        StoredImage base = new Importer(store, UnpackOptions.defaults(), ImportListener.NONE)
                .run(ImportSource.parse(layout + ":v1"), ImageRef.parse("base:1")).image();
        Path upper = dirs.dir("upper");
        Path merged = dirs.dir("merged");
        HostOverlay.mount(new OverlaySnapshots(store).mountSpec(base, upper, dirs.dir("work")), dirs.mounted(merged));
        Files.writeString(merged.resolve("etc/a"), "changed");
        Files.delete(merged.resolve("etc/b"));
        Files.writeString(merged.resolve("etc/new"), "new");
        Cmd.sh(null, "rm -rf " + merged.resolve("data") + " && mkdir " + merged.resolve("data") + " && echo fresh > "
                + merged.resolve("data/fresh"));
        Files.createSymbolicLink(merged.resolve("escape"), Path.of("/etc/shadow"));
        dirs.unmount(merged);

        Committer committer = new Committer(store, UnpackOptions.defaults());
        List<String> changes = committer.diff(upper, base).stream().map(Change::toString).toList();
        assertThat(changes).contains("C /etc/a", "D /etc/b", "A /etc/new", "C /data (replaced)", "A /data/fresh", "A /escape");

        StoredImage committed = committer.commit(upper, base, ImageRef.parse("base:committed"), "evidence");
        assertThat(committed.manifest().layers()).hasSize(2);
        assertThat(committed.config().history().getLast().createdBy()).isEqualTo("edgefusion commit: evidence");
        Path m2 = dirs.dir("m2");
        HostOverlay.mount(new OverlaySnapshots(store).mountSpec(committed, dirs.dir("u2"), dirs.dir("w2")), dirs.mounted(m2));
        assertThat(m2.resolve("etc/a")).hasContent("changed");
        assertThat(m2.resolve("etc/b")).doesNotExist();
        assertThat(m2.resolve("data/old")).doesNotExist();
        assertThat(m2.resolve("data/fresh")).hasContent("fresh");
        assertThat(Files.readSymbolicLink(m2.resolve("escape"))).isEqualTo(Path.of("/etc/shadow"));
        dirs.unmount(m2);
    }
}
