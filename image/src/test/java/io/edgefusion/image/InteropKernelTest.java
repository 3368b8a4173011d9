package io.edgefusion.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.image.oci.Digest;
import io.edgefusion.image.oci.ImageRef;
import io.edgefusion.image.oci.OciJson;
import io.edgefusion.image.overlay.HostOverlay;
import io.edgefusion.image.overlay.OverlaySnapshots;
import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.store.StoredImage;
import io.edgefusion.image.testing.Cmd;
import io.edgefusion.image.testing.RawTar;
import io.edgefusion.image.testing.Rootfs;
import io.edgefusion.image.testing.TestDirs;
import io.edgefusion.image.testing.TreeSnapshot;
import io.edgefusion.image.transfer.Exporter;
import io.edgefusion.image.transfer.ImportListener;
import io.edgefusion.image.transfer.ImportSource;
import io.edgefusion.image.transfer.Importer;
import io.edgefusion.image.unpack.UnpackOptions;
import io.edgefusion.kernel.testing.KernelTest;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Round trips with Debian's umoci and skopeo, and a docker-save archive. */
@KernelTest
class InteropKernelTest {
    private final TestDirs dirs = new TestDirs();

    @AfterEach
    void cleanup() {
        dirs.close();
    }

    /** umoci init/new/unpack/repack twice: a busybox base layer and a second layer that deletes and adds. */
    private Path umociLayout() throws Exception {
        Path l = dirs.root().resolve("umoci-layout");
        Cmd.run(null, "umoci", "init", "--layout", l.toString());
        Cmd.run(null, "umoci", "new", "--image", l + ":edge");
        Path b1 = dirs.root().resolve("b1");
        Cmd.run(null, "umoci", "unpack", "--image", l + ":edge", b1.toString());
        Rootfs.busybox(b1.resolve("rootfs"));
        Cmd.run(null, "umoci", "repack", "--image", l + ":edge", b1.toString());
        Path b2 = dirs.root().resolve("b2");
        Cmd.run(null, "umoci", "unpack", "--image", l + ":edge", b2.toString());
        Files.delete(b2.resolve("rootfs/etc/hostname.hard"));
        Cmd.sh(null, "rm -rf " + b2.resolve("rootfs/home/app") + " && mkdir " + b2.resolve("rootfs/home/app")
                + " && echo fresh > " + b2.resolve("rootfs/home/app/new.txt"));
        Files.writeString(b2.resolve("rootfs/etc/motd"), "welcome\n");
        Cmd.run(null, "umoci", "repack", "--image", l + ":edge", b2.toString());
        Cmd.run(null, "umoci", "config", "--image", l + ":edge", "--config.cmd", "/bin/sh");
        return l;
    }

    private Path mount(ImageStore store, StoredImage im, String name) {
        Path merged = dirs.dir(name);
        HostOverlay.mount(new OverlaySnapshots(store).mountSpec(im, dirs.dir(name + "-upper"), dirs.dir(name + "-work")),
                dirs.mounted(merged));
        return merged;
    }

    @Test
    void umociLayoutImportsMatchesUmociUnpackAndRuns() throws Exception {
        Path layout = umociLayout();
        Path bundle = dirs.root().resolve("reference");
        Cmd.run(null, "umoci", "unpack", "--image", layout + ":edge", bundle.toString());

        ImageStore store = ImageStore.open(dirs.state());
        Importer.Result r = new Importer(store, UnpackOptions.defaults(), ImportListener.NONE)
                .run(ImportSource.parse(layout + ":edge"), ImageRef.parse("umoci/edge:1"));
        assertThat(r.unpacked()).isEqualTo(2);
        Path merged = mount(store, r.image(), "merged");
        Map<String, String> ours = TreeSnapshot.of(merged, true);
        Map<String, String> umoci = TreeSnapshot.of(bundle.resolve("rootfs"), true);
        ours.remove(".");
        umoci.remove(".");
        assertThat(ours).isEqualTo(umoci);
        assertThat(merged.resolve("etc/hostname.hard")).doesNotExist();
        assertThat(merged.resolve("home/app/notes.txt")).doesNotExist();
        assertThat(merged.resolve("home/app/new.txt")).hasContent("fresh");
        assertThat(Cmd.run(null, "chroot", merged.toString(), "/bin/sh", "-c", "cat /etc/motd; id -u"))
                .isEqualTo("welcome\n0\n");
    }

    @Test
    void savedLayoutUnpacksWithUmociToTheSameTreeAndSurvivesSkopeo() throws Exception {
        ImageStore store = ImageStore.open(dirs.state());
        StoredImage im = new Importer(store, UnpackOptions.defaults(), ImportListener.NONE)
                .run(ImportSource.parse(umociLayout() + ":edge"), ImageRef.parse("edge:1")).image();
        Path out = dirs.root().resolve("saved");
        new Exporter(store).save(im, out, "v1");
        Path bundle = dirs.root().resolve("from-ours");
        Cmd.run(null, "umoci", "unpack", "--image", out + ":v1", bundle.toString());
        Path merged = mount(store, im, "merged");
        Map<String, String> ours = TreeSnapshot.of(merged, true);
        Map<String, String> theirs = TreeSnapshot.of(bundle.resolve("rootfs"), true);
        ours.remove(".");
        theirs.remove(".");
        assertThat(theirs).isEqualTo(ours);

        Path archive = dirs.root().resolve("edge.tar");
        Cmd.run(null, "skopeo", "copy", "oci:" + out + ":v1", "oci-archive:" + archive + ":v1");
        Path back = dirs.root().resolve("back");
        Cmd.run(null, "skopeo", "copy", "oci-archive:" + archive + ":v1", "oci:" + back + ":v1");
        ImageStore other = ImageStore.open(dirs.root().resolve("state2"));
        StoredImage fromArchive = new Importer(other, UnpackOptions.defaults(), ImportListener.NONE)
                .run(ImportSource.parse(archive + ":v1"), ImageRef.parse("edge:archive")).image();
        StoredImage fromBack = new Importer(other, UnpackOptions.defaults(), ImportListener.NONE)
                .run(ImportSource.parse(back + ":v1"), ImageRef.parse("edge:back")).image();
        assertThat(fromArchive.id()).isEqualTo(im.id());
        assertThat(fromBack.manifestDescriptor().digest()).isEqualTo(im.manifestDescriptor().digest());
        assertThat(Cmd.run(null, "skopeo", "inspect", "oci:" + out + ":v1")).contains(im.manifestDescriptor().digest().toString());
    }

    @Test
    void dockerSaveArchiveImports() throws Exception {
        byte[] layer = new RawTar().dir("etc/", 0755).file("etc/os-release", 0644, "ID=edge\n").bytes();
        ObjectNode cfg = OciJson.MAPPER.createObjectNode();
        cfg.put("architecture", "amd64");
        cfg.put("os", "linux");
        cfg.putObject("config").putArray("Cmd").add("/bin/sh");
        ObjectNode rootfs = cfg.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids").add(Digest.of(layer).toString());
        byte[] config = OciJson.bytes(cfg);
        String id = Digest.of(config).hex();
        ArrayNode manifest = OciJson.MAPPER.createArrayNode();
        ObjectNode m = manifest.addObject();
        m.put("Config", id + ".json");
        m.putArray("RepoTags").add("library/edge:7");
        m.putArray("Layers").add("abc123/layer.tar");
        Path tar = dirs.root().resolve("docker.tar");
        try (OutputStream os = Files.newOutputStream(tar); TarArchiveOutputStream t = new TarArchiveOutputStream(os)) {
            put(t, id + ".json", config);
            put(t, "abc123/layer.tar", layer);
            put(t, "abc123/VERSION", "1.0".getBytes());
            put(t, "manifest.json", OciJson.bytes(manifest));
        }
        ImageStore store = ImageStore.open(dirs.state());
        StoredImage im = new Importer(store, UnpackOptions.defaults(), ImportListener.NONE)
                .run(ImportSource.parse(tar.toString()), null).image();
        assertThat(im.ref().toString()).isEqualTo("library/edge:7");
        assertThat(im.id().hex()).isEqualTo(id);
        assertThat(store.lowerDirs(im).getFirst().resolve("etc/os-release")).hasContent("ID=edge");
    }

    private static void put(TarArchiveOutputStream t, String name, byte[] data) throws Exception {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(data.length);
        t.putArchiveEntry(e);
        t.write(data);
        t.closeArchiveEntry();
    }
}
