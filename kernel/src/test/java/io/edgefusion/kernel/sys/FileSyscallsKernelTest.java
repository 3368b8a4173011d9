package io.edgefusion.kernel.sys;

import io.edgefusion.kernel.testing.KernelTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fd-relative calls against a real file system: what openat2's RESOLVE flags guarantee, and the *at family. */
@KernelTest
class FileSyscallsKernelTest {
    @TempDir
    Path tmp;

    @Test
    void openat2InRootKeepsAbsoluteSymlinksAndDotDotInsideAndNoSymlinksRefusesThem() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root/etc"));
        Files.writeString(root.resolve("passwd"), "inside");
        Files.createSymbolicLink(tmp.resolve("root/abs"), Path.of("/etc"));
        Files.createSymbolicLink(tmp.resolve("root/up"), Path.of("../../../../.."));
        int r = FileSyscalls.openDir(FileSyscalls.AT_FDCWD, tmp.resolve("root").toString());
        try {
            long inRoot = FileSyscalls.RESOLVE_IN_ROOT | FileSyscalls.RESOLVE_NO_MAGICLINKS;
            int fd = FileSyscalls.openat2(r, "abs/passwd", Libc.O_RDONLY | Libc.O_CLOEXEC, 0, inRoot);
            try {
                byte[] b = new byte[16];
                int n = FdIo.read(fd, b, 0, b.length, "abs/passwd");
                assertThat(new String(b, 0, n, StandardCharsets.UTF_8)).as("/etc resolved inside the root").isEqualTo("inside");
            } finally {
                FileSyscalls.close(fd);
            }
            int up = FileSyscalls.openat2(r, "up/etc", Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0, inRoot);
            assertThat(FileSyscalls.statx(up, "", FileSyscalls.AT_EMPTY_PATH).ino())
                    .isEqualTo(FileSyscalls.statx(r, "etc", 0).ino());
            FileSyscalls.close(up);
            assertThatThrownBy(() -> FileSyscalls.openat2(r, "abs/passwd", Libc.O_RDONLY, 0,
                    inRoot | FileSyscalls.RESOLVE_NO_SYMLINKS))
                    .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.is(Errno.ELOOP)).isTrue())
                    .hasMessageContaining("openat2 abs/passwd: ELOOP");
        } finally {
            FileSyscalls.close(r);
        }
    }

    @Test
    void atCallsCreateLinkRenameAndListOneDirectory() throws Exception {
        int d = FileSyscalls.openDir(FileSyscalls.AT_FDCWD, tmp.toString());
        try {
            FileSyscalls.mkdirat(d, "sub", 0750);
            int f = FileSyscalls.openat(d, "file", Libc.O_WRONLY | Libc.O_CREAT | FileSyscalls.O_EXCL | Libc.O_CLOEXEC, 0600);
            FdIo.writeAll(f, "data".getBytes(), 0, 4, "file");
            FileAttrs.chmod(f, 04755, "file");
            FileAttrs.setTimes(f, "", 1_600_000_000L, 5, 0);
            Xattrs.set(f, "user.k", "v".getBytes(), "file");
            assertThat(Xattrs.list(f, "file")).contains("user.k");
            assertThat(Xattrs.get(f, "user.none", "file")).isNull();
            FileSyscalls.close(f);
            FileSyscalls.symlinkat("/nowhere", d, "link");
            FileSyscalls.linkat(d, "file", d, "hard", 0);
            FileSyscalls.mknodat(d, "wh", Statx.S_IFCHR, 0L);
            FileSyscalls.renameat(d, "hard", d, "sub/hard", FileSyscalls.RENAME_NOREPLACE);
            assertThatThrownBy(() -> FileSyscalls.renameat(d, "link", d, "file", FileSyscalls.RENAME_NOREPLACE))
                    .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.is(Errno.EEXIST)).isTrue());
            Statx st = FileSyscalls.statx(d, "sub/hard", FileSyscalls.AT_SYMLINK_NOFOLLOW);
            assertThat(st.isRegular()).isTrue();
            assertThat(st.permissions()).isEqualTo(04755);
            assertThat(st.nlink()).isEqualTo(2);
            assertThat(st.mtimeSec()).isEqualTo(1_600_000_000L);
            assertThat(FileSyscalls.statx(d, "wh", FileSyscalls.AT_SYMLINK_NOFOLLOW).isWhiteout()).isTrue();
            assertThat(FileSyscalls.readlinkat(d, "link")).isEqualTo("/nowhere");
            assertThat(FileSyscalls.statx(d, "sub", 0).permissions()).isEqualTo(0750 & ~umask());
            assertThat(DirStream.list(d, "tmp").stream().map(DirStream.Entry::name))
                    .containsExactlyInAnyOrder("sub", "file", "link", "wh");
            FileSyscalls.unlinkat(d, "sub/hard", 0);
            FileSyscalls.unlinkat(d, "sub", FileSyscalls.AT_REMOVEDIR);
            assertThat(FileSyscalls.statxIfExists(d, "sub", 0)).isNull();
        } finally {
            FileSyscalls.close(d);
        }
    }

    @Test
    void flockExcludesASecondOpenOfTheSameFileInOneJvm() {
        String lock = tmp.resolve("lock").toString();
        int a = FileSyscalls.openat(FileSyscalls.AT_FDCWD, lock, Libc.O_RDWR | Libc.O_CREAT | Libc.O_CLOEXEC, 0600);
        int b = FileSyscalls.openat(FileSyscalls.AT_FDCWD, lock, Libc.O_RDWR | Libc.O_CLOEXEC, 0);
        try {
            assertThat(FileSyscalls.flock(a, FileSyscalls.LOCK_EX | FileSyscalls.LOCK_NB)).isTrue();
            assertThat(FileSyscalls.flock(b, FileSyscalls.LOCK_EX | FileSyscalls.LOCK_NB)).isFalse();
            FileSyscalls.flock(a, FileSyscalls.LOCK_UN);
            assertThat(FileSyscalls.flock(b, FileSyscalls.LOCK_SH | FileSyscalls.LOCK_NB)).isTrue();
        } finally {
            FileSyscalls.close(a);
            FileSyscalls.close(b);
        }
    }

    private static int umask() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Umask:")) {
                return Integer.parseInt(line.substring(6).strip(), 8);
            }
        }
        return 022;
    }
}
