package io.edgefusion.kernel.sys;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Deletes a directory tree through directory fds only ({@code openat} with O_NOFOLLOW|O_DIRECTORY, then
 * {@code unlinkat}) and the names' raw bytes (a name that is not UTF-8 still goes), so depth is unbounded: a sandbox can build a path far longer than PATH_MAX in its upper dir
 * and it still goes, where any path-string walk fails with ENAMETOOLONG. Symlinks are removed, never followed.
 * At most two fds are open at a time (a deep tree would otherwise exhaust RLIMIT_NOFILE): going back up is
 * {@code openat(fd, "..")}, checked against the device and inode recorded on the way down, so a directory moved
 * meanwhile makes the removal stop with an error rather than delete something else.
 */
public final class TreeRemoval {
    private static final int DIR_FLAGS = Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC;

    /** A directory on the way down: its name in its parent (raw bytes) and the parent's identity. */
    private record Frame(byte[] name, long dev, long ino) {
    }

    private TreeRemoval() {
    }

    /** Removes {@code dir} and everything below it; absent is fine. {@code dir}'s own path must fit PATH_MAX. */
    public static void remove(Path dir) {
        Path abs = dir.toAbsolutePath();
        Path parent = abs.getParent();
        if (parent == null) {
            throw new IllegalArgumentException("refusing to remove " + abs);
        }
        String name = abs.getFileName().toString();
        int pfd;
        try {
            pfd = FileSyscalls.openat(FileSyscalls.AT_FDCWD, parent.toString(), DIR_FLAGS & ~Libc.O_NOFOLLOW, 0);
        } catch (ErrnoException e) {
            if (e.is(Errno.ENOENT)) {
                return;
            }
            throw e;
        }
        try {
            Statx st = FileSyscalls.statxIfExists(pfd, name, FileSyscalls.AT_SYMLINK_NOFOLLOW);
            if (st == null) {
                return;
            }
            if (st.isDirectory()) {
                empty(pfd, name, abs);
                FileSyscalls.unlinkat(pfd, name, FileSyscalls.AT_REMOVEDIR);
            } else {
                FileSyscalls.unlinkat(pfd, name, 0);
            }
        } finally {
            FileSyscalls.close(pfd);
        }
    }

    /** Empties directory {@code name} of {@code pfd}, depth first, holding one directory fd at a time. */
    private static void empty(int pfd, String name, Path what) {
        Deque<Frame> stack = new ArrayDeque<>();
        int cur = FileSyscalls.openDir(pfd, name);
        Statx top = FileSyscalls.statx(cur, "", FileSyscalls.AT_EMPTY_PATH);
        long curDev = top.dev();
        long curIno = top.ino();
        try {
            while (true) {
                int child = -1;
                byte[] childName = null;
                for (DirStream.RawEntry e : DirStream.listRaw(cur, what.toString())) {
                    if (e.type() == DirStream.DT_DIR || e.type() == DirStream.DT_UNKNOWN) {
                        Statx s = FileSyscalls.statxIfExists(cur, e.name(), FileSyscalls.AT_SYMLINK_NOFOLLOW);
                        if (s == null) {
                            continue;
                        }
                        if (s.isDirectory()) {
                            child = FileSyscalls.openDir(cur, e.name());
                            childName = e.name();
                            break;
                        }
                    }
                    unlinkIfExists(cur, e.name(), 0);
                }
                if (child >= 0) {
                    stack.push(new Frame(childName, curDev, curIno));
                    Statx cs = FileSyscalls.statx(child, "", FileSyscalls.AT_EMPTY_PATH);
                    FileSyscalls.close(cur);
                    cur = child;
                    curDev = cs.dev();
                    curIno = cs.ino();
                    continue;
                }
                if (stack.isEmpty()) {
                    return;
                }
                Frame f = stack.pop();
                int up = FileSyscalls.openat(cur, "..", DIR_FLAGS, 0);
                Statx us = FileSyscalls.statx(up, "", FileSyscalls.AT_EMPTY_PATH);
                if (us.dev() != f.dev() || us.ino() != f.ino()) {
                    FileSyscalls.close(up);
                    throw new ErrnoException("remove tree (a directory moved during removal)", what.toString(),
                            Errno.ESTALE.number());
                }
                FileSyscalls.close(cur);
                cur = up;
                curDev = us.dev();
                curIno = us.ino();
                unlinkIfExists(cur, f.name(), FileSyscalls.AT_REMOVEDIR);
            }
        } finally {
            FileSyscalls.close(cur);
        }
    }

    private static void unlinkIfExists(int dirfd, byte[] name, int flags) {
        try {
            FileSyscalls.unlinkat(dirfd, name, flags);
        } catch (ErrnoException e) {
            if (!e.is(Errno.ENOENT)) {
                throw e;
            }
        }
    }
}
