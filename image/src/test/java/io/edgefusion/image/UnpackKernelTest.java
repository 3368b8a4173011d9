package io.edgefusion.image;

import io.edgefusion.image.oci.ImageRef;
import io.edgefusion.image.overlay.HostOverlay;
import io.edgefusion.image.overlay.OverlayMountSpec;
import io.edgefusion.image.overlay.OverlaySnapshots;
import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.store.StoredImage;
import io.edgefusion.image.testing.RawTar;
import io.edgefusion.image.testing.TestDirs;
import io.edgefusion.image.testing.TestLayouts;
import io.edgefusion.image.transfer.ImportListener;
import io.edgefusion.image.transfer.ImportSource;
import io.edgefusion.image.transfer.Importer;
import io.edgefusion.image.unpack.UnpackOptions;
import io.edgefusion.kernel.sys.FileSyscalls;
import io.edgefusion.kernel.sys.Statx;
import io.edgefusion.kernel.sys.Xattrs;
import io.edgefusion.kernel.testing.KernelTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** OCI layer rules, unpacked for real and checked through a real overlay mount. */
@KernelTest
class UnpackKernelTest {
    private final TestDirs dirs = new TestDirs();

    @AfterEach
    void cleanup() {
        dirs.close();
    }

    private StoredImage importLayers(String name, List<byte[]> tars) throws Exception {
        Path layout = TestLayouts.write(dirs.dir("layout-" + name), "v1", tars);
        ImageStore store = ImageStore.open(dirs.state());
        return new Importer(store, UnpackOptions.defaults(), ImportListener.NONE)
                .run(ImportSource.parse(layout + ":v1"), ImageRef.parse(name + ":v1")).image();
    }

    private static byte[] base() {
        return new RawTar()
                .dir("etc/", 0755)
                .file("etc/hostname", 0644, "base\n")
                .file("etc/gone", 0644, "delete me\n")
                .dir("opt/", 0755)
                .file("opt/old-a", 0644, "a\n")
                .file("opt/old-b", 0644, "b\n")
                .dir("var/", 0750)
                .file("var/keep", 0600, 1000, 1000, "kept\n".getBytes(StandardCharsets.UTF_8))
                .bytes();
    }

    private static byte[] top() {
        return new RawTar()
                .file("opt/new", 0644, "new\n")        // before the opaque marker: must survive it
                .file("opt/.wh..wh..opq", 0644, "")
                .file("etc/.wh.gone", 0644, "")
                .file("usr/bin/tool", 04755, "#!/bin/sh\n")  // parents not listed
                .symlink("usr/bin/alias", "tool")
                .hardlink("usr/bin/tool2", "usr/bin/tool")
                .fifo("run-fifo")
                .charDevice("dev-null", 1, 3)
                .pax("SCHILY.xattr.user.note", "hello")
                .file("etc/noted", 0640, "x\n")
                .bytes();
    }

    @Test
    void layersLandInOverlayFormAndMountWithWhiteoutsAndOpaqueDirs() throws Exception {
        StoredImage im = importLayers("wh", List.of(base(), top()));
        ImageStore store = ImageStore.open(dirs.state());
        List<Path> lowers = new OverlaySnapshots(store).lowerDirs(im);
        assertThat(lowers).hasSize(2);
        Path topFs = lowers.getFirst();

        // overlay form on disk
        int fd = FileSyscalls.openDir(FileSyscalls.AT_FDCWD, topFs.toString());
        try {
            Statx wh = FileSyscalls.statx(fd, "etc/gone", FileSyscalls.AT_SYMLINK_NOFOLLOW);
            assertThat(wh.isWhiteout()).isTrue();
            int opt = FileSyscalls.openDir(fd, "opt");
            try {
                assertThat(new String(Xattrs.get(opt, "trusted.overlay.opaque", "opt"), StandardCharsets.UTF_8)).isEqualTo("y");
            } finally {
                FileSyscalls.close(opt);
            }
            Statx tool = FileSyscalls.statx(fd, "usr/bin/tool", FileSyscalls.AT_SYMLINK_NOFOLLOW);
            assertThat(tool.permissions()).isEqualTo(04755);
            assertThat(tool.nlink()).isEqualTo(2);
            assertThat(tool.mtimeSec()).isEqualTo(1_700_000_000L);
            assertThat(FileSyscalls.statx(fd, "run-fifo", FileSyscalls.AT_SYMLINK_NOFOLLOW).type()).isEqualTo(Statx.S_IFIFO);
            assertThat(FileSyscalls.statxIfExists(fd, "dev-null", FileSyscalls.AT_SYMLINK_NOFOLLOW))
                    .as("device nodes are skipped by default").isNull();
            assertThat(FileSyscalls.readlinkat(fd, "usr/bin/alias")).isEqualTo("tool");
        } finally {
            FileSyscalls.close(fd);
        }
        assertThat(Files.getAttribute(store.layers().require(im.chainIds().getFirst()).fs().resolve("var/keep"),
                "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(1000);

        // through a real overlay mount
        Path upper = dirs.dir("upper");
        Path work = dirs.dir("work");
        Path merged = dirs.dir("merged");
        OverlayMountSpec spec = new OverlaySnapshots(store).mountSpec(im, upper, work);
        HostOverlay.mount(spec, dirs.mounted(merged));
        assertThat(merged.resolve("etc/hostname")).hasContent("base");
        assertThat(merged.resolve("etc/gone")).doesNotExist();
        assertThat(merged.resolve("opt/new")).hasContent("new");
        assertThat(merged.resolve("opt/old-a")).doesNotExist();
        assertThat(merged.resolve("opt/old-b")).doesNotExist();
        assertThat(merged.resolve("var/keep")).hasContent("kept");
        assertThat(Files.readSymbolicLink(merged.resolve("usr/bin/alias")).toString()).isEqualTo("tool");
        assertThat(merged.resolve("usr/bin/tool2")).hasContent("#!/bin/sh");
        assertThat(new String((byte[]) Files.getAttribute(merged.resolve("etc/noted"), "user:note"), StandardCharsets.UTF_8))
                .isEqualTo("hello");
        Files.writeString(merged.resolve("etc/hostname"), "changed\n");
        assertThat(upper.resolve("etc/hostname")).hasContent("changed");
        assertThat(lowers.getLast().resolve("etc/hostname")).hasContent("base");
        dirs.unmount(merged);
    }

    @Test
    void devicesAreCreatedWhenThePolicySaysSo() throws Exception {
        Path layout = TestLayouts.write(dirs.dir("layout-dev"), "v1", List.of(new RawTar().charDevice("null", 1, 3).bytes()));
        ImageStore store = ImageStore.open(dirs.state());
        StoredImage im = new Importer(store, UnpackOptions.defaults().withDevices(UnpackOptions.DevicePolicy.CREATE),
                ImportListener.NONE).run(ImportSource.parse(layout + ":v1"), ImageRef.parse("dev:v1")).image();
        Path fs = store.lowerDirs(im).getFirst();
        int fd = FileSyscalls.openDir(FileSyscalls.AT_FDCWD, fs.toString());
        try {
            Statx st = FileSyscalls.statx(fd, "null", FileSyscalls.AT_SYMLINK_NOFOLLOW);
            assertThat(st.type()).isEqualTo(Statx.S_IFCHR);
            assertThat(st.rdevMajor()).isEqualTo(1);
            assertThat(st.rdevMinor()).isEqualTo(3);
        } finally {
            FileSyscalls.close(fd);
        }
    }
}
