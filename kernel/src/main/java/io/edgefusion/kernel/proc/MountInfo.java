package io.edgefusion.kernel.proc;

import io.edgefusion.kernel.sys.KernelFiles;
import io.edgefusion.kernel.sys.MalformedKernelFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A parsed {@code mountinfo} file, in the kernel's order (later entries are mounted over earlier ones). */
public record MountInfo(Path source, List<MountEntry> entries) {
    /** {@code /proc/self/mountinfo}. */
    public static final Path SELF = Path.of("/proc/self/mountinfo");

    public MountInfo {
        entries = List.copyOf(entries);
    }

    public static MountInfo read(Path file) {
        return parse(KernelFiles.read(file), file);
    }

    public static MountInfo ofPid(long pid) {
        return read(Path.of("/proc", Long.toString(pid), "mountinfo"));
    }

    public static MountInfo parse(String text, Path source) {
        List<MountEntry> out = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                out.add(parseLine(lines[i], source, i + 1));
            }
        }
        return new MountInfo(source, out);
    }

    private static MountEntry parseLine(String line, Path source, int lineNo) {
        String[] f = line.split(" ");
        int sep = Arrays.asList(f).indexOf("-");
        if (f.length < 10 || sep < 6 || f.length < sep + 4) {
            throw bad(source, line, lineNo, "expected '<id> <parent> <maj:min> <root> <mount point> <options>"
                    + " [optional…] - <fstype> <source> <super options>'");
        }
        try {
            String[] dev = f[2].split(":");
            if (dev.length != 2) {
                throw bad(source, line, lineNo, "device " + f[2] + " is not major:minor");
            }
            return new MountEntry(Integer.parseInt(f[0]), Integer.parseInt(f[1]),
                    Integer.parseInt(dev[0]), Integer.parseInt(dev[1]),
                    unescape(f[3]), unescape(f[4]), List.of(f[5].split(",")),
                    List.of(Arrays.copyOfRange(f, 6, sep)), unescape(f[sep + 1]), unescape(f[sep + 2]),
                    List.of(unescape(f[sep + 3]).split(",")));
        } catch (NumberFormatException e) {
            throw bad(source, line, lineNo, "mount id, parent id or device is not a number");
        }
    }

    private static MalformedKernelFile bad(Path source, String line, int lineNo, String reason) {
        return new MalformedKernelFile(source, line, "line " + lineNo + ": " + reason);
    }

    /** The kernel escapes space, tab, newline and backslash in paths as {@code \040}, {@code \011}, … */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1)) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }

    /**
     * The mount that holds {@code absolutePath}: the longest mount point that is a prefix of it, and among equal
     * mount points the last one (a later mount hides an earlier one on the same directory).
     */
    public Optional<MountEntry> mountOf(Path absolutePath) {
        MountEntry best = null;
        for (MountEntry e : entries) {
            Path mp = Path.of(e.mountPoint());
            if (absolutePath.startsWith(mp)
                    && (best == null || mp.getNameCount() >= Path.of(best.mountPoint()).getNameCount())) {
                best = e;
            }
        }
        return Optional.ofNullable(best);
    }
}
