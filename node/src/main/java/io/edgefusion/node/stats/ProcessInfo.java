package io.edgefusion.node.stats;

import io.edgefusion.kernel.sys.ErrnoException;
import io.edgefusion.kernel.sys.KernelFiles;

import java.util.List;
import java.util.Optional;

/**
 * What {@code top} shows of one process, from {@code /proc/<pid>/stat}, {@code status} and {@code cmdline} (host
 * pids: the command runs on the host, like {@code docker top}).
 *
 * @param ticks      utime + stime in clock ticks ({@code USER_HZ}, 100 on Linux)
 * @param startTicks start time in clock ticks after boot
 * @param rssKiB     resident set size ({@code VmRSS} of status; 0 for a kernel thread or zombie)
 */
public record ProcessInfo(long pid, long ppid, long pgid, int uid, char state, int ttyNr, long ticks,
                          long startTicks, long vsizeBytes, long rssKiB, int threads, String comm,
                          List<String> cmdline) {
    /** USER_HZ: the unit of every tick count in /proc on Linux, whatever CONFIG_HZ is. */
    public static final int USER_HZ = 100;

    /** Empty when the process is gone (it may exit while we read). */
    public static Optional<ProcessInfo> read(long pid) {
        String base = "/proc/" + pid + "/";
        try {
            String stat = KernelFiles.read(base + "stat");
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            String comm = stat.substring(open + 1, close);
            String[] f = stat.substring(close + 2).trim().split(" ");
            int uid = -1;
            long rss = 0;
            for (String line : KernelFiles.read(base + "status").split("\n")) {
                if (line.startsWith("Uid:")) {
                    uid = Integer.parseInt(line.substring(4).trim().split("\\s+")[0]);
                } else if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
            String raw = KernelFiles.read(base + "cmdline");
            List<String> cmd = raw.isEmpty() ? List.of() : List.of(raw.split("\0"));
            return Optional.of(new ProcessInfo(pid, Long.parseLong(f[1]), Long.parseLong(f[2]), uid, f[0].charAt(0),
                    Integer.parseInt(f[4]), Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[19]),
                    Long.parseLong(f[20]), rss, Integer.parseInt(f[17]), comm, cmd));
        } catch (ErrnoException gone) {
            return Optional.empty();
        }
    }

    /** The command line as ps prints it; a kernel thread or a zombie (no cmdline) as {@code [comm]}. */
    public String command() {
        return cmdline.isEmpty() ? "[" + comm + "]" : String.join(" ", cmdline);
    }

    /** {@code pts/N}, {@code ttyN}, {@code ttySN}, or {@code ?} for none, decoded from {@code tty_nr}. */
    public String tty() {
        if (ttyNr == 0) {
            return "?";
        }
        int major = (ttyNr >> 8) & 0xfff;
        int minor = (ttyNr & 0xff) | ((ttyNr >> 12) & 0xfff00);
        if (major >= 136 && major <= 143) {
            return "pts/" + (minor + (major - 136) * 256);
        }
        if (major == 4) {
            return minor < 64 ? "tty" + minor : "ttyS" + (minor - 64);
        }
        return major + "," + minor;
    }
}
