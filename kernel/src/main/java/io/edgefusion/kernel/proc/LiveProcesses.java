package io.edgefusion.kernel.proc;

import io.edgefusion.kernel.sys.ErrnoException;
import io.edgefusion.kernel.sys.FileSyscalls;
import io.edgefusion.kernel.sys.PidFds;

import java.util.HashMap;
import java.util.Map;

/**
 * Liveness of a process named by pid and start time, answered from a pidfd once the process was seen: {@code ps}
 * and {@code stats} in a node ask about every sandbox's PID 1 and reaper on every call, and a non-blocking
 * {@code poll(2)} on a pidfd costs far less than reading and parsing {@code /proc/<pid>/stat}. A pidfd names one
 * process for good (a recycled pid is another process), and it turns readable when that process has exited —
 * zombie or reaped — exactly when {@link ProcStat#alive} says false.
 */
final class LiveProcesses {
    /** Beyond this many watched processes the cache starts over rather than hold more descriptors. */
    private static final int MAX = 4096;

    private record Key(long pid, long startTicks) {
    }

    /** Guarded by itself: a descriptor is polled and closed under the lock, never closed under a poll. */
    private static final Map<Key, Integer> FDS = new HashMap<>();

    private LiveProcesses() {
    }

    static boolean alive(long pid, long startTicks) {
        Key key = new Key(pid, startTicks);
        synchronized (FDS) {
            Integer fd = FDS.get(key);
            if (fd != null) {
                if (PidFds.poll(new int[] {fd}, 0).isEmpty()) {
                    return true;
                }
                FDS.remove(key);
                FileSyscalls.close(fd);
                return false;
            }
        }
        if (!ProcStat.aliveNow(pid, startTicks)) {
            return false;
        }
        int fd;
        try {
            fd = PidFds.open(pid);
        } catch (ErrnoException gone) {
            return false;
        }
        // The pidfd pins whatever has the pid now: checked again, so a pid recycled since the read is not ours.
        if (!ProcStat.aliveNow(pid, startTicks)) {
            FileSyscalls.close(fd);
            return false;
        }
        synchronized (FDS) {
            if (FDS.size() >= MAX) {
                FDS.values().forEach(FileSyscalls::close);
                FDS.clear();
            }
            Integer had = FDS.putIfAbsent(key, fd);
            if (had != null) {
                FileSyscalls.close(fd);
            }
        }
        return true;
    }
}
