package io.edgefusion.image.store;

import io.edgefusion.kernel.sys.FileSyscalls;
import io.edgefusion.kernel.sys.Libc;

import java.nio.file.Path;

/**
 * An flock(2) on a lock file. Locks belong to the open file description: two opens of the same file exclude each
 * other inside one JVM just as across processes, and the kernel releases them when the holder dies (kill -9), so
 * a crashed import never leaves the store locked.
 */
public final class FileLock implements AutoCloseable {
    private final int fd;

    private FileLock(int fd) {
        this.fd = fd;
    }

    public static FileLock exclusive(Path file) {
        return take(file, FileSyscalls.LOCK_EX);
    }

    public static FileLock shared(Path file) {
        return take(file, FileSyscalls.LOCK_SH);
    }

    private static FileLock take(Path file, int op) {
        int fd = FileSyscalls.openat(FileSyscalls.AT_FDCWD, file.toString(),
                Libc.O_RDWR | Libc.O_CREAT | Libc.O_CLOEXEC | Libc.O_NOFOLLOW, 0600);
        try {
            FileSyscalls.flock(fd, op);
            return new FileLock(fd);
        } catch (RuntimeException e) {
            FileSyscalls.close(fd);
            throw e;
        }
    }

    /** Takes the lock only if free right now; null otherwise. */
    public static FileLock tryExclusive(Path file) {
        int fd = FileSyscalls.openat(FileSyscalls.AT_FDCWD, file.toString(),
                Libc.O_RDWR | Libc.O_CREAT | Libc.O_CLOEXEC | Libc.O_NOFOLLOW, 0600);
        if (FileSyscalls.flock(fd, FileSyscalls.LOCK_EX | FileSyscalls.LOCK_NB)) {
            return new FileLock(fd);
        }
        FileSyscalls.close(fd);
        return null;
    }

    @Override
    public void close() {
        FileSyscalls.close(fd);
    }
}
