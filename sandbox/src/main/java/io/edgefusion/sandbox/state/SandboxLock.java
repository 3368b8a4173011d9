package io.edgefusion.sandbox.state;

import io.edgefusion.kernel.sys.Errno;
import io.edgefusion.kernel.sys.ErrnoException;
import io.edgefusion.kernel.sys.FileSyscalls;
import io.edgefusion.kernel.sys.Libc;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One sandbox's lock: an exclusive {@code flock} on {@code <dir>/lock}. Every command that changes a sandbox
 * (run while it creates, stop, kill, rm, commit, gc, the auto-remove after exit) holds it, so two such commands
 * on one sandbox run one after the other. flock belongs to the open file description: two threads of one JVM
 * conflict like two processes, and a holder killed by SIGKILL releases it. Not reentrant: code already holding
 * it must not take it again.
 */
public final class SandboxLock implements AutoCloseable {
    private final int fd;

    private SandboxLock(int fd) {
        this.fd = fd;
    }

    /** Empty when the sandbox is gone (before or while waiting), or when {@code wait} is false and it is held. */
    static Optional<SandboxLock> take(Path file, String id, boolean wait) {
        int fd;
        try {
            fd = FileSyscalls.openat(FileSyscalls.AT_FDCWD, file.toString(),
                    Libc.O_RDWR | Libc.O_CREAT | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0600);
        } catch (ErrnoException e) {
            if (e.is(Errno.ENOENT)) {
                return Optional.empty();
            }
            throw e;
        }
        boolean ok = false;
        try {
            if (!FileSyscalls.flock(fd, FileSyscalls.LOCK_EX | (wait ? 0 : FileSyscalls.LOCK_NB))) {
                return Optional.empty();
            }
            // The holder may have removed the sandbox: then our file is unlinked (nlink 0) and names nothing.
            if (FileSyscalls.statx(fd, "", FileSyscalls.AT_EMPTY_PATH).nlink() == 0) {
                return Optional.empty();
            }
            ok = true;
            return Optional.of(new SandboxLock(fd));
        } finally {
            if (!ok) {
                FileSyscalls.close(fd);
            }
        }
    }

    @Override
    public void close() {
        FileSyscalls.close(fd);
    }
}
