package io.edgefusion.node;

import io.edgefusion.kernel.sys.ErrnoException;
import io.edgefusion.kernel.sys.FileSyscalls;
import io.edgefusion.kernel.sys.Libc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code ROOT/node.lock}: an exclusive {@code flock} held for as long as a node serves the root, with the holder's
 * pid written in it so a refused second node can say who serves. flock belongs to the open file description, so a
 * second node in the same JVM is refused like one in another process, and the kernel drops the lock when the
 * holder dies, kill -9 included; a stale pid in the file then means nothing.
 */
public final class NodeLock implements AutoCloseable {
    private final int fd;
    private final Path file;

    private NodeLock(int fd, Path file) {
        this.fd = fd;
        this.file = file;
    }

    /** Takes the lock or refuses in one line naming the root and the pid holding it. */
    public static NodeLock take(NodePaths paths) throws NodeStartException {
        Path file = paths.lock();
        int fd;
        try {
            Files.createDirectories(paths.root());
            fd = FileSyscalls.openat(FileSyscalls.AT_FDCWD, file.toString(),
                    Libc.O_RDWR | Libc.O_CREAT | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0600);
        } catch (IOException | ErrnoException e) {
            throw new NodeStartException(NodeStartException.START_FAILED, file + ": " + e.getMessage(), e);
        }
        boolean ok = false;
        try {
            if (!FileSyscalls.flock(fd, FileSyscalls.LOCK_EX | FileSyscalls.LOCK_NB)) {
                throw new NodeStartException(NodeStartException.REFUSED, "a node already serves " + paths.root()
                        + " (pid " + holder(file) + ", lock " + file + ")");
            }
            Files.writeString(file, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
            ok = true;
            return new NodeLock(fd, file);
        } catch (IOException e) {
            throw new NodeStartException(NodeStartException.START_FAILED, file + ": " + e.getMessage(), e);
        } finally {
            if (!ok) {
                FileSyscalls.close(fd);
            }
        }
    }

    /** The pid a lock file names, or "unknown" (a holder that has not written it yet). */
    static String holder(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return s.isEmpty() ? "unknown" : s;
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Whether some process holds the lock of {@code paths} right now (a probe that never keeps it). */
    public static boolean held(NodePaths paths) {
        if (!Files.exists(paths.lock())) {
            return false;
        }
        int fd;
        try {
            fd = FileSyscalls.openat(FileSyscalls.AT_FDCWD, paths.lock().toString(),
                    Libc.O_RDONLY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0);
        } catch (ErrnoException e) {
            return false;
        }
        try {
            if (FileSyscalls.flock(fd, FileSyscalls.LOCK_SH | FileSyscalls.LOCK_NB)) {
                return false;
            }
            return true;
        } finally {
            FileSyscalls.close(fd); // closing drops a probe's own shared lock
        }
    }

    public Path file() {
        return file;
    }

    /** Releases the lock; the file stays (removing it would race a node that just opened it). */
    @Override
    public void close() {
        FileSyscalls.close(fd);
    }
}
