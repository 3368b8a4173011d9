package io.edgefusion.kernel.mount;

import io.edgefusion.kernel.proc.MountInfo;
import io.edgefusion.kernel.sys.Errno;
import io.edgefusion.kernel.sys.ErrnoException;
import io.edgefusion.kernel.sys.KernelFiles;
import io.edgefusion.kernel.sys.Libc;
import io.edgefusion.kernel.testing.KernelTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real tmpfs mounts under the test's own temp dir, one per flag, and the kernel refusing exactly what the flag
 * description says it refuses.
 */
@KernelTest
class MountFactsKernelTest {
    private static final long MS_RDONLY = 1;
    private static final long MS_NOSUID = 2;
    private static final long MS_NODEV = 4;
    private static final long MS_NOEXEC = 8;

    @TempDir
    Path tmp;
    private final List<Path> mounted = new ArrayList<>();

    @AfterEach
    void unmount() {
        for (int i = mounted.size() - 1; i >= 0; i--) {
            Libc.umount2(mounted.get(i).toString(), 2 /* MNT_DETACH */);
        }
    }

    private Path tmpfs(String name, long flags) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve(name));
        Libc.mount("edgefusion-test", dir.toString(), "tmpfs", 0, "size=4m");
        mounted.add(dir);
        if (flags != 0) {
            // Prepare content first, then remount with the flags under test.
            return dir;
        }
        return dir;
    }

    private void remount(Path dir, long flags) {
        Libc.mount(null, dir.toString(), null, 32 /* MS_REMOUNT */ | flags, "size=4m");
    }

    @Test
    void reportsTheMountEntryAndNoFlagsOnAPlainTmpfs() throws IOException {
        Path dir = tmpfs("plain", 0);
        MountFacts f = MountFacts.of(dir);
        assertThat(f.mount().mountPoint()).isEqualTo(dir.toRealPath().toString());
        assertThat(f.mount().fsType()).isEqualTo("tmpfs");
        assertThat(f.mount().source()).isEqualTo("edgefusion-test");
        assertThat(f.flags()).doesNotContain(MountFlag.RDONLY, MountFlag.NOEXEC, MountFlag.NODEV, MountFlag.NOSUID);
        assertThat(f.overlay()).isEmpty();
    }

    @Test
    void noexecRefusesExecveAndMmapProtExec() throws Throwable {
        Path dir = tmpfs("noexec", MS_NOEXEC);
        Path tool = Files.copy(Path.of("/bin/true"), dir.resolve("true"), StandardCopyOption.COPY_ATTRIBUTES);
        remount(dir, MS_NOEXEC);

        MountFacts f = MountFacts.of(tool);
        assertThat(f.flags()).contains(MountFlag.NOEXEC);
        assertThat(f.mount().mountOptions()).contains("noexec");
        assertThat(MountFlag.NOEXEC.forbids()).contains("execve").contains("PROT_EXEC");

        assertThatThrownBy(() -> new ProcessBuilder(tool.toString()).start())
                .isInstanceOf(IOException.class).hasMessageContaining("Permission denied");
        assertThat(mmapExecErrno(tool)).isEqualTo(Errno.EPERM.number());
    }

    @Test
    void nodevRefusesOpeningDeviceNodes() throws IOException {
        Path dir = tmpfs("nodev", MS_NODEV);
        remount(dir, MS_NODEV);
        Path nul = dir.resolve("null");
        Libc.mknod(nul.toString(), 0020666 /* S_IFCHR | 0666 */, Libc.makedev(1, 3));
        assertThat(MountFacts.of(dir).flags()).contains(MountFlag.NODEV);
        assertThatThrownBy(() -> KernelFiles.read(nul)).isInstanceOfSatisfying(ErrnoException.class,
                e -> assertThat(e.is(Errno.EACCES)).isTrue());
        // The same node on a mount without nodev opens fine.
        Path dev = tmpfs("dev", 0);
        Libc.mknod(dev.resolve("null").toString(), 0020666, Libc.makedev(1, 3));
        assertThat(KernelFiles.read(dev.resolve("null"))).isEmpty();
    }

    @Test
    void readOnlyRefusesWritesAndNosuidIsReported() throws IOException {
        Path dir = tmpfs("ro", MS_RDONLY | MS_NOSUID);
        Files.writeString(dir.resolve("f"), "x");
        remount(dir, MS_RDONLY | MS_NOSUID);
        MountFacts f = MountFacts.of(dir.resolve("f"));
        assertThat(f.flags()).contains(MountFlag.RDONLY, MountFlag.NOSUID);
        assertThatThrownBy(() -> Files.writeString(dir.resolve("g"), "y"))
                .isInstanceOf(FileSystemException.class).hasMessageContaining("Read-only file system");
        assertThatThrownBy(() -> Files.delete(dir.resolve("f"))).isInstanceOf(FileSystemException.class);
        assertThat(f.path()).isEqualTo(dir.resolve("f").toRealPath());
    }

    @Test
    void overlayLayersAreParsedFromALiveOverlayMount() throws IOException {
        Path lower1 = Files.createDirectories(tmp.resolve("l1"));
        Path lower2 = Files.createDirectories(tmp.resolve("l2"));
        Path upper = Files.createDirectories(tmp.resolve("u"));
        Path work = Files.createDirectories(tmp.resolve("w"));
        Path merged = Files.createDirectories(tmp.resolve("merged"));
        Libc.mount("overlay", merged.toString(), "overlay", 0,
                "lowerdir=" + lower1 + ":" + lower2 + ",upperdir=" + upper + ",workdir=" + work);
        mounted.add(merged);
        MountFacts f = MountFacts.of(merged, MountInfo.read(MountInfo.SELF));
        assertThat(f.mount().fsType()).isEqualTo("overlay");
        OverlayLayers o = f.overlay().orElseThrow();
        assertThat(o.lowerdirs()).containsExactly(lower1.toString(), lower2.toString());
        assertThat(o.upperdir()).hasValue(upper.toString());
        assertThat(o.workdir()).hasValue(work.toString());
    }

    @Test
    void accessDeniedIsWhatJavaSeesForNoexecToo() throws IOException {
        Path dir = tmpfs("noexec2", MS_NOEXEC);
        Path script = dir.resolve("s.sh");
        Files.writeString(script, "#!/bin/sh\nexit 0\n");
        script.toFile().setExecutable(true);
        remount(dir, MS_NOEXEC);
        assertThat(Files.isExecutable(script)).as("access(X_OK) fails on noexec").isFalse();
        assertThatThrownBy(() -> new ProcessBuilder(script.toString()).start()).isInstanceOf(IOException.class);
        assertThat(AccessDeniedException.class).isNotNull();
    }

    /** mmap(NULL, 4096, PROT_READ|PROT_EXEC, MAP_PRIVATE, fd, 0) on the file; returns errno (0 on success). */
    private static int mmapExecErrno(Path file) throws Throwable {
        Linker linker = Linker.nativeLinker();
        var cap = Linker.Option.captureCallState("errno");
        var layout = Linker.Option.captureStateLayout();
        MethodHandle open = linker.downcallHandle(linker.defaultLookup().find("open").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), cap);
        MethodHandle mmap = linker.downcallHandle(linker.defaultLookup().find("mmap").orElseThrow(),
                FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG), cap);
        MethodHandle close = linker.downcallHandle(linker.defaultLookup().find("close").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(layout);
            int fd = (int) open.invokeExact(st, a.allocateFrom(file.toString()), 0);
            assertThat(fd).isNotNegative();
            long addr = (long) mmap.invokeExact(st, MemorySegment.NULL, 4096L, 1 | 4, 2, fd, 0L);
            int errno = addr == -1 ? (int) layout.varHandle(MemoryLayout.PathElement.groupElement("errno"))
                    .get(st, 0L) : 0;
            int ignored = (int) close.invokeExact(fd);
            return errno;
        }
    }
}
