package io.edgefusion.image.store;

import io.edgefusion.kernel.sys.DirStream;
import io.edgefusion.kernel.sys.Errno;
import io.edgefusion.kernel.sys.ErrnoException;
import io.edgefusion.kernel.sys.FileSyscalls;
import io.edgefusion.kernel.sys.Statx;

import java.nio.file.Path;

/**
 * Removes a directory tree through directory fds (unlinkat relative to the parent fd), so a tree holding
 * symlinks to elsewhere — layer content — can never make the removal touch what the links point to.
 */
public final class Trees {
    private Trees() {
    }

    /** Removes {@code dir} and everything below it; absent is fine. */
    public static void removeAll(Path dir) {
        int parent;
        try {
            parent = FileSyscalls.openDir(FileSyscalls.AT_FDCWD, dir.getParent().toString());
        } catch (ErrnoException e) {
            if (e.is(Errno.ENOENT)) {
                return;
            }
            throw e;
        }
        try {
            removeChild(parent, dir.getFileName().toString());
        } finally {
            FileSyscalls.close(parent);
        }
    }

    /** Removes {@code name} in {@code parentFd}, recursively when it is a directory. */
    public static void removeChild(int parentFd, String name) {
        Statx st = FileSyscalls.statxIfExists(parentFd, name, FileSyscalls.AT_SYMLINK_NOFOLLOW);
        if (st == null) {
            return;
        }
        if (st.isDirectory()) {
            int fd = FileSyscalls.openDir(parentFd, name);
            try {
                for (DirStream.Entry e : DirStream.list(fd, name)) {
                    removeChild(fd, e.name());
                }
            } finally {
                FileSyscalls.close(fd);
            }
            FileSyscalls.unlinkat(parentFd, name, FileSyscalls.AT_REMOVEDIR);
        } else {
            FileSyscalls.unlinkat(parentFd, name, 0);
        }
    }
}
