package io.edgefusion.kernel.proc;

import io.edgefusion.kernel.sys.KernelFiles;
import io.edgefusion.kernel.sys.MalformedKernelFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The namespace-relevant lines of {@code /proc/<pid>/status}: {@code PPid} (in the reader's PID namespace, 0 when
 * the parent is outside it), {@code NSpid} (the pid in each PID namespace from the reader's down to the
 * process's own), and {@code Uid}/{@code Gid} (real, effective, saved, fs — in the reader's user namespace).
 */
public record ProcStatus(Path source, long ppid, List<Long> nsPids, List<Long> uids, List<Long> gids) {
    public ProcStatus {
        nsPids = List.copyOf(nsPids);
        uids = List.copyOf(uids);
        gids = List.copyOf(gids);
    }

    public static ProcStatus ofPid(long pid) {
        Path p = Path.of("/proc", Long.toString(pid), "status");
        return parse(KernelFiles.read(p), p);
    }

    /** The status of {@code pid}, or empty when it has gone (a parent may exit at any time). */
    public static java.util.Optional<ProcStatus> ofPidIfAlive(long pid) {
        Path p = Path.of("/proc", Long.toString(pid), "status");
        return KernelFiles.readIfExists(p).map(t -> parse(t, p));
    }

    public static ProcStatus parse(String text, Path source) {
        long ppid = -1;
        List<Long> ns = List.of();
        List<Long> uids = List.of();
        List<Long> gids = List.of();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon);
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "PPid" -> ppid = numbers(source, line, value).getFirst();
                case "NSpid" -> ns = numbers(source, line, value);
                case "Uid" -> uids = numbers(source, line, value);
                case "Gid" -> gids = numbers(source, line, value);
                default -> {
                }
            }
        }
        if (ppid < 0 || ns.isEmpty() || uids.isEmpty() || gids.isEmpty()) {
            throw new MalformedKernelFile(source, text, "expected PPid, NSpid, Uid and Gid lines");
        }
        return new ProcStatus(source, ppid, ns, uids, gids);
    }

    /** The pid in the process's own (innermost) PID namespace. */
    public long innermostPid() {
        return nsPids.getLast();
    }

    private static List<Long> numbers(Path source, String line, String value) {
        List<Long> out = new ArrayList<>();
        for (String f : value.split("\\s+")) {
            try {
                out.add(Long.parseLong(f));
            } catch (NumberFormatException e) {
                throw new MalformedKernelFile(source, line, "expected numbers");
            }
        }
        if (out.isEmpty()) {
            throw new MalformedKernelFile(source, line, "expected numbers");
        }
        return out;
    }
}
