package io.edgefusion.kernel.proc;

import io.edgefusion.kernel.sys.KernelFiles;
import io.edgefusion.kernel.sys.MalformedKernelFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A parsed {@code /proc/<pid>/cgroup}: one line per hierarchy, {@code hierarchy-ID:controller-list:cgroup-path}.
 * v2 is the line {@code 0::/path}. Paths are relative to the <em>reader's</em> cgroup namespace root, so a
 * process outside it shows {@code /../..}-style paths, and a process in its own namespace shows {@code /}.
 */
public record ProcCgroup(Path source, List<Line> lines) {

    public ProcCgroup {
        lines = List.copyOf(lines);
    }

    /** One hierarchy the process belongs to. {@code controllers} is empty for v2; named hierarchies keep {@code name=…}. */
    public record Line(int hierarchyId, List<String> controllers, String path) {
        public Line {
            controllers = List.copyOf(controllers);
        }

        public boolean isUnified() {
            return hierarchyId == 0 && controllers.isEmpty();
        }
    }

    public static ProcCgroup ofPid(long pid) {
        return read(Path.of("/proc", Long.toString(pid), "cgroup"));
    }

    public static ProcCgroup read(Path file) {
        return parse(KernelFiles.read(file), file);
    }

    public static ProcCgroup parse(String text, Path source) {
        List<Line> out = new ArrayList<>();
        for (String raw : text.split("\n")) {
            if (raw.isBlank()) {
                continue;
            }
            int a = raw.indexOf(':');
            int b = a < 0 ? -1 : raw.indexOf(':', a + 1);
            if (a < 0 || b < 0) {
                throw new MalformedKernelFile(source, raw, "expected hierarchy-ID:controllers:path");
            }
            int id;
            try {
                id = Integer.parseInt(raw.substring(0, a));
            } catch (NumberFormatException e) {
                throw new MalformedKernelFile(source, raw, "hierarchy id is not a number");
            }
            String ctl = raw.substring(a + 1, b);
            // A cgroup path may itself contain ':' — everything after the second colon is the path.
            String path = raw.substring(b + 1);
            if (!path.startsWith("/")) {
                throw new MalformedKernelFile(source, raw, "cgroup path does not start with /");
            }
            out.add(new Line(id, ctl.isEmpty() ? List.of() : List.of(ctl.split(",")), path));
        }
        if (out.isEmpty()) {
            throw new MalformedKernelFile(source, text, "no cgroup lines");
        }
        return new ProcCgroup(source, out);
    }

    /** The line of the v1 hierarchy that carries {@code controller}. */
    public Optional<Line> v1(String controller) {
        return lines.stream().filter(l -> l.controllers().contains(controller)).findFirst();
    }

    /** The v2 line ({@code 0::/path}). */
    public Optional<Line> unified() {
        return lines.stream().filter(Line::isUnified).findFirst();
    }
}
