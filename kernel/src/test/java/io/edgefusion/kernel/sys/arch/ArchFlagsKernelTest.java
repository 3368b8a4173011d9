package io.edgefusion.kernel.sys.arch;

import io.edgefusion.kernel.sys.Errno;
import io.edgefusion.kernel.sys.ErrnoException;
import io.edgefusion.kernel.sys.FileSyscalls;
import io.edgefusion.kernel.sys.Libc;
import io.edgefusion.kernel.testing.KernelTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * On this kernel, the chosen table's open flags do what their names say, and another architecture's values do
 * not: the bug the tables fix, reproduced in the other direction (here the foreign O_NOFOLLOW is a flag that
 * does not stop a symlink from being followed).
 */
@KernelTest
class ArchFlagsKernelTest {
    @TempDir
    Path tmp;

    @Test
    void thisArchitecturesNofollowRefusesASymlinkAndAnotherArchitecturesFollowsIt() throws Exception {
        Files.writeString(tmp.resolve("target"), "secret");
        Files.createSymbolicLink(tmp.resolve("link"), Path.of("target"));
        int dir = FileSyscalls.openDir(FileSyscalls.AT_FDCWD, tmp.toString());
        try {
            int mine = Arch.current().oNofollow();
            assertThatThrownBy(() -> FileSyscalls.openat(dir, "link", Libc.O_RDONLY | Libc.O_CLOEXEC | mine, 0))
                    .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.is(Errno.ELOOP)).isTrue());

            Arch foreign = switch (Arch.current()) {
                case X86_64 x -> Aarch64.INSTANCE;
                case Aarch64 a -> X86_64.INSTANCE;
            };
            assertThat(foreign.oNofollow()).isNotEqualTo(mine);
            int fd = FileSyscalls.openat(dir, "link", Libc.O_RDONLY | Libc.O_CLOEXEC | foreign.oNofollow(), 0);
            try {
                assertThat(FileSyscalls.statx(fd, "", FileSyscalls.AT_EMPTY_PATH).isRegular())
                        .as("with " + foreign + "'s O_NOFOLLOW the symlink was followed to its target").isTrue();
            } finally {
                FileSyscalls.close(fd);
            }
        } finally {
            FileSyscalls.close(dir);
        }
    }

    @Test
    void thisArchitecturesDirectoryFlagRefusesARegularFile() throws Exception {
        Files.writeString(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> FileSyscalls.openat(FileSyscalls.AT_FDCWD, tmp.resolve("file").toString(),
                Libc.O_RDONLY | Libc.O_CLOEXEC | Arch.current().oDirectory(), 0))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.is(Errno.ENOTDIR)).isTrue());
    }
}
