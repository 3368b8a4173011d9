package io.edgefusion.kernel.proc;

import io.edgefusion.kernel.sys.KernelFiles;
import io.edgefusion.kernel.sys.MalformedKernelFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A parsed {@code /proc/<pid>/uid_map} or {@code gid_map}: ranges of ids inside the process's user namespace and
 * where they start in the reader's. The initial namespace reads {@code 0 0 4294967295}.
 */
public record IdMap(Path source, List<Range> ranges) {
    public static final String UID_MAP = "uid_map";
    public static final String GID_MAP = "gid_map";

    public IdMap {
        ranges = List.copyOf(ranges);
    }

    /** {@code count} ids from {@code inside} map to ids from {@code outside}. */
    public record Range(long inside, long outside, long count) {
        @Override
        public String toString() {
            return inside + " " + outside + " " + count;
        }
    }

    public static IdMap ofPid(long pid, String file) {
        Path p = Path.of("/proc", Long.toString(pid), file);
        return parse(KernelFiles.read(p), p);
    }

    public static IdMap parse(String text, Path source) {
        List<Range> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.strip().split("\\s+");
            try {
                if (f.length != 3) {
                    throw new NumberFormatException();
                }
                out.add(new Range(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])));
            } catch (NumberFormatException e) {
                throw new MalformedKernelFile(source, line, "expected 'inside outside count'");
            }
        }
        return new IdMap(source, out);
    }

    /** The id inside the namespace that {@code outside} (an id in the reader's namespace) is; empty: unmapped. */
    public OptionalLong inside(long outside) {
        for (Range r : ranges) {
            if (outside >= r.outside() && outside - r.outside() < r.count()) {
                return OptionalLong.of(r.inside() + outside - r.outside());
            }
        }
        return OptionalLong.empty();
    }
}
