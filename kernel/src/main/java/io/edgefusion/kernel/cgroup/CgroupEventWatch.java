package io.edgefusion.kernel.cgroup;

import io.edgefusion.kernel.sys.FileSyscalls;
import io.edgefusion.kernel.sys.Inotify;
import io.edgefusion.kernel.sys.Libc;
import io.edgefusion.kernel.sys.PidFds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A kernel notification on one cgroup, as an fd that becomes readable: an OOM of its memory controller, or a
 * change of its cgroup2 {@code cgroup.events} (populated 1 → 0: the cgroup emptied). After {@link Poll}
 * reports the fd, call {@link #acknowledge()} and re-read the counter ({@link #oomKills()}, {@link #populated()}).
 *
 * <ul>
 *   <li>OOM on a v1 memory hierarchy: an eventfd registered on {@code memory.oom_control} through
 *       {@code cgroup.event_control} ("{@code <eventfd> <fd>}"); the kernel signals it on every OOM of the cgroup.</li>
 *   <li>OOM on v2: inotify IN_MODIFY on {@code memory.events}, which the kernel notifies on each change; the
 *       {@code oom_kill} counter says whether the change was a kill.</li>
 *   <li>Emptiness: inotify IN_MODIFY on the cgroup2 {@code cgroup.events} (present on hybrid hosts too).</li>
 * </ul>
 */
public final class CgroupEventWatch implements AutoCloseable {
    /** Which notification. */
    public enum Kind { OOM, EMPTY }

    private final Kind kind;
    private final Path counterFile;
    private final int eventfd;
    private final int controlFd;
    private final Inotify inotify;

    private CgroupEventWatch(Kind kind, Path counterFile, int eventfd, int controlFd, Inotify inotify) {
        this.kind = kind;
        this.counterFile = counterFile;
        this.eventfd = eventfd;
        this.controlFd = controlFd;
        this.inotify = inotify;
    }

    /** An OOM watch on the memory controller of {@code paths}; empty when the cgroup has no memory controller. */
    public static Optional<CgroupEventWatch> oom(CgroupPaths paths) {
        Optional<ControllerDir> mem = paths.dir(Controller.MEMORY);
        if (mem.isEmpty()) {
            return Optional.empty();
        }
        ControllerDir d = mem.get();
        if (d.unified()) {
            Path events = d.file(CgroupFiles.V2_MEMORY_EVENTS);
            return Optional.of(new CgroupEventWatch(Kind.OOM, events, -1, -1,
                    Inotify.watching(events.toString(), Inotify.IN_MODIFY)));
        }
        Path oomControl = d.file(CgroupFiles.V1_MEMORY_OOM_CONTROL);
        int efd = PidFds.eventfd();
        int cfd = -1;
        try {
            cfd = FileSyscalls.openat(FileSyscalls.AT_FDCWD, oomControl.toString(), Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
            Files.writeString(d.file("cgroup.event_control"), efd + " " + cfd);
            return Optional.of(new CgroupEventWatch(Kind.OOM, oomControl, efd, cfd, null));
        } catch (IOException | RuntimeException e) {
            FileSyscalls.close(cfd);
            FileSyscalls.close(efd);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot register an OOM eventfd on " + oomControl, io);
            }
            throw (RuntimeException) e;
        }
    }

    /** An emptiness watch on the cgroup2 directory of {@code paths}; empty when no cgroup2 tree holds it. */
    public static Optional<CgroupEventWatch> empty(CgroupPaths paths) {
        Optional<ControllerDir> dir = paths.unified().filter(u -> Files.exists(u.file(CgroupFiles.EVENTS)));
        return dir.map(u -> new CgroupEventWatch(Kind.EMPTY, u.file(CgroupFiles.EVENTS), -1, -1,
                Inotify.watching(u.file(CgroupFiles.EVENTS).toString(), Inotify.IN_MODIFY)));
    }

    public Kind kind() {
        return kind;
    }

    /** The file whose counter this watch is about. */
    public Path file() {
        return counterFile;
    }

    /** The fd to poll for POLLIN. */
    public int fd() {
        return inotify != null ? inotify.fd() : eventfd;
    }

    /** Consumes the notification (call only after poll reported the fd readable). */
    public void acknowledge() {
        if (inotify != null) {
            inotify.drain();
        } else {
            PidFds.drain(eventfd);
        }
    }

    /** The cgroup's OOM kill count ({@code oom_kill} of memory.oom_control or memory.events); 0 once it is gone. */
    public long oomKills() {
        return counter("oom_kill");
    }

    /** Whether the cgroup (cgroup2 view) still has processes; false once it is gone. */
    public boolean populated() {
        return counter("populated") != 0;
    }

    private long counter(String key) {
        try {
            String text = Files.readString(counterFile);
            Map<String, Long> m = CgroupValues.parseFlatKeyed(counterFile, text);
            return m.getOrDefault(key, 0L);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + counterFile, e);
        }
    }

    @Override
    public void close() {
        if (inotify != null) {
            inotify.close();
        }
        FileSyscalls.close(eventfd);
        FileSyscalls.close(controlFd);
    }
}
