package io.edgefusion.kernel.proc;

import io.edgefusion.kernel.sys.ErrnoException;
import io.edgefusion.kernel.sys.KernelFiles;
import io.edgefusion.kernel.sys.MalformedKernelFile;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The few fields of {@code /proc/<pid>/stat} a supervisor needs: state and start time. A pid plus its start time
 * (clock ticks after boot) names one process for good; a pid alone may have been recycled.
 *
 * @param state      one letter: R running, S sleeping, D disk sleep, T stopped, Z zombie, …
 * @param startTicks field 22, {@code starttime}
 */
public record ProcStat(long pid, char state, long ppid, long startTicks) {

    /** Empty when the process does not exist. */
    public static Optional<ProcStat> of(long pid) {
        Path f = Path.of("/proc", Long.toString(pid), "stat");
        String s;
        try {
            s = KernelFiles.read(f);
        } catch (ErrnoException e) {
            return Optional.empty();
        }
        // comm (field 2) may hold spaces and parentheses: the fields after it start after the last ')'.
        int close = s.lastIndexOf(')');
        if (close < 0 || close + 2 >= s.length()) {
            throw new MalformedKernelFile(f, s, "no ')' closing the command name");
        }
        String[] rest = s.substring(close + 2).split(" ");
        try {
            return Optional.of(new ProcStat(pid, rest[0].charAt(0), Long.parseLong(rest[1]),
                    Long.parseLong(rest[19])));
        } catch (RuntimeException e) {
            throw new MalformedKernelFile(f, s, "fields after the command name are not as proc(5) says");
        }
    }

    /** True when {@code pid} exists, is not a zombie, and started at {@code startTicks}. */
    public static boolean alive(long pid, long startTicks) {
        return pid > 0 && pid <= Integer.MAX_VALUE ? LiveProcesses.alive(pid, startTicks) : aliveNow(pid, startTicks);
    }

    /** {@link #alive}, read from {@code /proc/<pid>/stat} this moment. */
    static boolean aliveNow(long pid, long startTicks) {
        return of(pid).filter(p -> p.startTicks == startTicks && p.state != 'Z' && p.state != 'X').isPresent();
    }
}
