package io.edgefusion.kernel.net;

import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Waiting until an fd is ready without holding a virtual thread's carrier. A native call pins its virtual thread:
 * a read that blocks in the kernel would block one of the scheduler's few carriers (as many as CPUs) for as
 * long as the peer is silent, and a handful of idle clients would stall the whole node. So a virtual thread asks
 * {@code poll} with no timeout first, and when the fd is not ready it parks while a platform thread of a small
 * cached pool waits in {@code poll}. The handed fds are never made non-blocking: they are the caller's own open
 * files (a terminal, a shell's pipe), and O_NONBLOCK would change them for every process that shares them.
 */
final class Readiness {
    /** How often a waiting poll looks whether its fd was given up (closed by its owner). */
    private static final int SLICE_MILLIS = 200;
    private static final ExecutorService WAITERS = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("edgefusion-fd-wait-", 0).factory());

    private Readiness() {
    }

    /**
     * Returns true once {@code fd} is ready for {@code events} (or reports an error or hang-up), false when
     * {@code abandoned} became true first. An interrupt of the waiting thread ends the wait with
     * {@link InterruptedIOException}.
     */
    static boolean await(int fd, int events, BooleanSupplier abandoned) throws InterruptedIOException {
        if (!Thread.currentThread().isVirtual()) {
            return waitLoop(fd, events, abandoned);
        }
        if (Fds.poll(fd, events, 0)) {
            return true;
        }
        AtomicBoolean cancelled = new AtomicBoolean();
        Future<Boolean> wait = WAITERS.submit(() -> waitLoop(fd, events,
                () -> cancelled.get() || abandoned.getAsBoolean()));
        try {
            return wait.get();
        } catch (InterruptedException e) {
            cancelled.set(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("waiting for fd " + fd + " was interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static boolean waitLoop(int fd, int events, BooleanSupplier abandoned) throws InterruptedIOException {
        while (!abandoned.getAsBoolean()) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("waiting for fd " + fd + " was interrupted");
            }
            if (Fds.poll(fd, events, SLICE_MILLIS)) {
                return true;
            }
        }
        return false;
    }
}
