package io.edgefusion.node.supervise;

import io.edgefusion.kernel.proc.ProcStat;
import io.edgefusion.kernel.sys.ErrnoException;
import io.edgefusion.kernel.sys.FileSyscalls;
import io.edgefusion.kernel.sys.PidFds;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Notices a process's end from the kernel: one pidfd per watched process and one platform thread blocked in
 * {@code poll(2)} on all of them (plus an eventfd that wakes it when the set changes). A reaper that dies, or
 * one that exits after recording its sandbox's end, is seen at once — no /proc polling loop. Callbacks run on
 * virtual threads, so a slow one never delays another notice.
 */
public final class ExitWatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ExitWatcher.class.getName());

    private final Map<Long, Watch> watches = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final int wakeFd = PidFds.eventfd();
    private final Thread thread;
    private volatile boolean closed;

    private final class Watch implements AutoCloseable {
        final long key;
        final int pidfd;
        final Runnable onExit;
        final AtomicBoolean done = new AtomicBoolean();

        Watch(long key, int pidfd, Runnable onExit) {
            this.key = key;
            this.pidfd = pidfd;
            this.onExit = onExit;
        }

        /** Cancels; the poll thread closes the pidfd, so it is never closed under a running poll. */
        @Override
        public void close() {
            if (done.compareAndSet(false, true)) {
                wake();
            }
        }
    }

    public ExitWatcher() {
        thread = Thread.ofPlatform().daemon().name("edgefusion-exit-watch").start(this::loop);
    }

    /**
     * Runs {@code onExit} once when process {@code pid} (started at {@code startTicks}, so a reused pid does not
     * count) ends — at once when it is gone already.
     */
    public AutoCloseable watch(long pid, long startTicks, Runnable onExit) {
        int fd;
        try {
            fd = PidFds.open(pid);
        } catch (ErrnoException e) {
            Thread.ofVirtual().start(onExit);
            return () -> { };
        }
        // Checked after the pidfd pins the process: a pid reused before that is not ours.
        if (!ProcStat.alive(pid, startTicks)) {
            FileSyscalls.close(fd);
            Thread.ofVirtual().start(onExit);
            return () -> { };
        }
        Watch w = new Watch(ids.incrementAndGet(), fd, onExit);
        watches.put(w.key, w);
        wake();
        return w;
    }

    private void loop() {
        while (!closed) {
            List<Watch> current = new ArrayList<>();
            for (Watch w : watches.values()) {
                if (w.done.get()) {
                    retire(w);
                } else {
                    current.add(w);
                }
            }
            int[] fds = new int[current.size() + 1];
            fds[0] = wakeFd;
            for (int i = 0; i < current.size(); i++) {
                fds[i + 1] = current.get(i).pidfd;
            }
            List<Integer> ready;
            try {
                ready = PidFds.poll(fds, -1);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "exit watch: " + e.getMessage());
                return;
            }
            for (int i : ready) {
                if (i == 0) {
                    PidFds.drain(wakeFd);
                    continue;
                }
                Watch w = current.get(i - 1);
                if (w.done.compareAndSet(false, true)) {
                    Thread.ofVirtual().name("edgefusion-exit").start(w.onExit);
                }
                retire(w);
            }
        }
    }

    private synchronized void wake() {
        if (!closed) {
            PidFds.wake(wakeFd);
        }
    }

    private void retire(Watch w) {
        if (watches.remove(w.key) != null) {
            FileSyscalls.close(w.pidfd);
        }
    }

    /** How many processes are watched (tests). */
    public int size() {
        return watches.size();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            PidFds.wake(wakeFd);
            closed = true;
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watches.values().forEach(this::retire);
        FileSyscalls.close(wakeFd);
    }
}
