package io.edgefusion.kernel.sys;

import io.edgefusion.kernel.mount.MountFlag;
import io.edgefusion.kernel.testing.CHeaders;
import io.edgefusion.kernel.testing.CHeaders.Toolchain;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The constants the kernel module keeps outside the per-architecture tables claim to be the same on every
 * architecture EdgeFusion supports. Here that claim meets both architectures' headers.
 */
class GenericConstantsMatchHeadersTest {
    private static final List<String> HEADERS = List.of("fcntl.h", "signal.h", "sched.h", "stdio.h", "errno.h",
            "dirent.h", "sys/file.h", "sys/stat.h", "sys/statvfs.h", "linux/openat2.h");

    /** C expression → the Java value. */
    private static Map<String, Long> javaValues() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("O_RDONLY", (long) Libc.O_RDONLY);
        m.put("O_WRONLY", (long) Libc.O_WRONLY);
        m.put("O_RDWR", (long) Libc.O_RDWR);
        m.put("O_CREAT", (long) Libc.O_CREAT);
        m.put("O_TRUNC", (long) Libc.O_TRUNC);
        m.put("O_CLOEXEC", (long) Libc.O_CLOEXEC);
        m.put("O_PATH", (long) Libc.O_PATH);
        m.put("O_EXCL", (long) FileSyscalls.O_EXCL);
        m.put("O_NONBLOCK", (long) FileSyscalls.O_NONBLOCK);
        m.put("CLONE_FS", (long) Libc.CLONE_FS);
        m.put("SIGKILL", (long) Libc.SIGKILL);
        m.put("SIGTERM", (long) Libc.SIGTERM);
        m.put("SIGSTOP", (long) Libc.SIGSTOP);
        m.put("SIGCONT", (long) Libc.SIGCONT);
        m.put("AT_FDCWD", (long) FileSyscalls.AT_FDCWD);
        m.put("AT_SYMLINK_NOFOLLOW", (long) FileSyscalls.AT_SYMLINK_NOFOLLOW);
        m.put("AT_REMOVEDIR", (long) FileSyscalls.AT_REMOVEDIR);
        m.put("AT_SYMLINK_FOLLOW", (long) FileSyscalls.AT_SYMLINK_FOLLOW);
        m.put("AT_EMPTY_PATH", (long) FileSyscalls.AT_EMPTY_PATH);
        m.put("RESOLVE_NO_XDEV", FileSyscalls.RESOLVE_NO_XDEV);
        m.put("RESOLVE_NO_MAGICLINKS", FileSyscalls.RESOLVE_NO_MAGICLINKS);
        m.put("RESOLVE_NO_SYMLINKS", FileSyscalls.RESOLVE_NO_SYMLINKS);
        m.put("RESOLVE_BENEATH", FileSyscalls.RESOLVE_BENEATH);
        m.put("RESOLVE_IN_ROOT", FileSyscalls.RESOLVE_IN_ROOT);
        m.put("RENAME_NOREPLACE", (long) FileSyscalls.RENAME_NOREPLACE);
        m.put("RENAME_EXCHANGE", (long) FileSyscalls.RENAME_EXCHANGE);
        m.put("LOCK_SH", (long) FileSyscalls.LOCK_SH);
        m.put("LOCK_EX", (long) FileSyscalls.LOCK_EX);
        m.put("LOCK_NB", (long) FileSyscalls.LOCK_NB);
        m.put("LOCK_UN", (long) FileSyscalls.LOCK_UN);
        m.put("STATX_BASIC_STATS", (long) FileSyscalls.STATX_BASIC_STATS);
        m.put("sizeof(struct open_how)", FileSyscalls.OPEN_HOW_SIZE);
        m.put("sizeof(struct statx)", FileSyscalls.STATX_SIZE);
        m.put("offsetof(struct statx, stx_nlink)", FileSyscalls.STX_NLINK);
        m.put("offsetof(struct statx, stx_uid)", FileSyscalls.STX_UID);
        m.put("offsetof(struct statx, stx_gid)", FileSyscalls.STX_GID);
        m.put("offsetof(struct statx, stx_mode)", FileSyscalls.STX_MODE);
        m.put("offsetof(struct statx, stx_ino)", FileSyscalls.STX_INO);
        m.put("offsetof(struct statx, stx_size)", FileSyscalls.STX_SIZE);
        m.put("offsetof(struct statx, stx_mtime.tv_sec)", FileSyscalls.STX_MTIME_SEC);
        m.put("offsetof(struct statx, stx_mtime.tv_nsec)", FileSyscalls.STX_MTIME_NSEC);
        m.put("offsetof(struct statx, stx_rdev_major)", FileSyscalls.STX_RDEV_MAJOR);
        m.put("offsetof(struct statx, stx_rdev_minor)", FileSyscalls.STX_RDEV_MINOR);
        m.put("offsetof(struct statx, stx_dev_major)", FileSyscalls.STX_DEV_MAJOR);
        m.put("offsetof(struct statx, stx_dev_minor)", FileSyscalls.STX_DEV_MINOR);
        m.put("S_IFMT", (long) Statx.S_IFMT);
        m.put("S_IFSOCK", (long) Statx.S_IFSOCK);
        m.put("S_IFLNK", (long) Statx.S_IFLNK);
        m.put("S_IFREG", (long) Statx.S_IFREG);
        m.put("S_IFBLK", (long) Statx.S_IFBLK);
        m.put("S_IFDIR", (long) Statx.S_IFDIR);
        m.put("S_IFCHR", (long) Statx.S_IFCHR);
        m.put("S_IFIFO", (long) Statx.S_IFIFO);
        m.put("DT_UNKNOWN", (long) DirStream.DT_UNKNOWN);
        m.put("DT_DIR", (long) DirStream.DT_DIR);
        m.put("DT_REG", (long) DirStream.DT_REG);
        m.put("DT_LNK", (long) DirStream.DT_LNK);
        m.put("sizeof(((struct dirent *) 0)->d_name)", 256L);
        for (MountFlag f : MountFlag.values()) {
            m.put("ST_" + f.name(), f.bit());
        }
        for (Errno e : Errno.values()) {
            m.put(e.name(), (long) e.number());
        }
        return m;
    }

    @ParameterizedTest
    @EnumSource(Toolchain.class)
    void sharedConstantsAreTheHeadersOfEveryArchitecture(Toolchain tc) {
        Map<String, Long> java = javaValues();
        Map<String, String> expressions = new LinkedHashMap<>();
        java.keySet().forEach(k -> expressions.put(k, k));
        assertThat(new TreeMap<>(java)).as("kernel constants vs " + tc.gcc())
                .isEqualTo(new TreeMap<>(CHeaders.values(tc, HEADERS, expressions)));
    }

    @ParameterizedTest
    @EnumSource(Toolchain.class)
    void theScratchStructBufferHoldsEveryStructPutInIt(Toolchain tc) {
        Map<String, Long> sizes = CHeaders.values(tc, List.of("time.h", "linux/openat2.h"),
                Map.of("timespec[2]", "2 * sizeof(struct timespec)", "open_how", "sizeof(struct open_how)"));
        long small = SysScratch.get().small.byteSize();
        assertThat(sizes.values()).allSatisfy(s -> assertThat(s).isLessThanOrEqualTo(small));
        assertThat(Xattrs.XATTR_ARGS_SIZE).isLessThanOrEqualTo(small); // linux/xattr.h has it only from 6.13
    }
}
