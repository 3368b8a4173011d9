package io.edgefusion.node.stats;

import io.edgefusion.kernel.sys.KernelException;
import io.edgefusion.kernel.sys.KernelFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code top}'s table: the processes of a sandbox's cgroup with the columns of {@code ps -ef} (UID PID PPID C
 * STIME TTY TIME CMD) or those {@code -o} names, computed from /proc without running ps.
 */
public final class ProcessTable {
    public static final List<String> DEFAULT = List.of("uid", "pid", "ppid", "c", "stime", "tty", "time", "cmd");

    private final long bootMillis;
    private final double uptimeSeconds;
    private final Map<Integer, String> users;
    private final ZoneId zone;
    private final Map<String, Function<ProcessInfo, String>> columns = new LinkedHashMap<>();

    private ProcessTable(long bootMillis, double uptimeSeconds, Map<Integer, String> users, ZoneId zone) {
        this.bootMillis = bootMillis;
        this.uptimeSeconds = uptimeSeconds;
        this.users = users;
        this.zone = zone;
        columns.put("uid", p -> users.getOrDefault(p.uid(), Integer.toString(p.uid())));
        columns.put("user", columns.get("uid"));
        columns.put("pid", p -> Long.toString(p.pid()));
        columns.put("ppid", p -> Long.toString(p.ppid()));
        columns.put("pgid", p -> Long.toString(p.pgid()));
        columns.put("c", p -> Long.toString(cpuPercent(p)));
        columns.put("stime", this::stime);
        columns.put("tty", ProcessInfo::tty);
        columns.put("time", p -> clock(p.ticks() / ProcessInfo.USER_HZ));
        columns.put("etime", p -> clock((long) (uptimeSeconds - (double) p.startTicks() / ProcessInfo.USER_HZ)));
        columns.put("cmd", ProcessInfo::command);
        columns.put("args", ProcessInfo::command);
        columns.put("comm", ProcessInfo::comm);
        columns.put("stat", p -> String.valueOf(p.state()));
        columns.put("nlwp", p -> Integer.toString(p.threads()));
        columns.put("rss", p -> Long.toString(p.rssKiB()));
        columns.put("vsz", p -> Long.toString(p.vsizeBytes() / 1024));
    }

    /** The table for this host now: boot time, uptime and the host's user names read once. */
    public static ProcessTable now() {
        double uptime = Double.parseDouble(KernelFiles.read("/proc/uptime").split(" ")[0]);
        return new ProcessTable(System.currentTimeMillis() - (long) (uptime * 1000), uptime, users(),
                ZoneId.systemDefault());
    }

    /** The header names ps uses for these columns. */
    public static String header(String column) {
        return switch (column) {
            case "uid" -> "UID";
            case "cmd" -> "CMD";
            case "args" -> "COMMAND";
            case "comm" -> "COMMAND";
            case "etime" -> "ELAPSED";
            case "nlwp" -> "NLWP";
            default -> column.toUpperCase(Locale.ROOT);
        };
    }

    /** Columns from ps's {@code -o a,b,c} (also {@code -o a -o b}); unknown names throw, naming the known ones. */
    public List<String> parseColumns(List<String> psOptions) {
        if (psOptions.isEmpty()) {
            return DEFAULT;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < psOptions.size(); i++) {
            String o = psOptions.get(i);
            String list;
            if (o.equals("-o") || o.equals("-eo") || o.equals("-ef") && i + 1 < psOptions.size()
                    && psOptions.get(i + 1).equals("-o")) {
                if (o.equals("-ef")) {
                    continue;
                }
                if (++i >= psOptions.size()) {
                    throw new IllegalArgumentException("ps option " + o + " needs a column list, e.g. -o pid,comm");
                }
                list = psOptions.get(i);
            } else if (o.startsWith("-o") && o.length() > 2) {
                list = o.substring(2);
            } else if (o.equals("-ef") || o.equals("-e") || o.equals("-f") || o.equals("aux")) {
                continue; // every process of the sandbox is shown anyway, in the full format
            } else {
                throw new IllegalArgumentException("ps option " + o + " is not supported: use -o COLUMN,… with "
                        + String.join(",", columns.keySet()));
            }
            for (String c : list.split(",")) {
                String name = c.strip().toLowerCase(Locale.ROOT);
                if (!columns.containsKey(name)) {
                    throw new IllegalArgumentException("ps column '" + c + "' is not known: use "
                            + String.join(",", columns.keySet()));
                }
                out.add(name);
            }
        }
        return out.isEmpty() ? DEFAULT : out;
    }

    /** One row of cells per process, sorted by pid; processes that exit while being read are left out. */
    public List<List<String>> rows(Collection<Long> pids, List<String> cols) {
        List<List<String>> rows = new ArrayList<>();
        for (long pid : pids.stream().sorted().toList()) {
            ProcessInfo.read(pid).ifPresent(p -> {
                List<String> r = new ArrayList<>(cols.size());
                for (String c : cols) {
                    r.add(columns.get(c).apply(p));
                }
                rows.add(r);
            });
        }
        return rows;
    }

    /** ps's C: CPU time over elapsed time since the process started, as an integer percent. */
    private long cpuPercent(ProcessInfo p) {
        double elapsed = uptimeSeconds - (double) p.startTicks() / ProcessInfo.USER_HZ;
        return elapsed <= 0 ? 0 : (long) (100.0 * p.ticks() / ProcessInfo.USER_HZ / elapsed);
    }

    /** HH:MM when it started today, else MonDD, as ps prints STIME. */
    private String stime(ProcessInfo p) {
        ZonedDateTime t = Instant.ofEpochMilli(bootMillis + p.startTicks() * 1000 / ProcessInfo.USER_HZ).atZone(zone);
        if (t.toLocalDate().equals(LocalDate.now(zone))) {
            return t.format(DateTimeFormatter.ofPattern("HH:mm"));
        }
        return t.format(DateTimeFormatter.ofPattern("MMMdd", Locale.ROOT));
    }

    /** [DD-]HH:MM:SS. */
    static String clock(long seconds) {
        long s = Math.max(0, seconds);
        String hms = String.format(Locale.ROOT, "%02d:%02d:%02d", (s / 3600) % 24, (s / 60) % 60, s % 60);
        return s >= 86400 ? (s / 86400) + "-" + hms : hms;
    }

    private static Map<Integer, String> users() {
        Map<Integer, String> m = new HashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] f = line.split(":");
                if (f.length > 2) {
                    try {
                        m.putIfAbsent(Integer.parseInt(f[2]), f[0]);
                    } catch (NumberFormatException ignored) {
                        // a malformed line names nobody
                    }
                }
            }
        } catch (IOException | KernelException e) {
            return m;
        }
        return m;
    }
}
