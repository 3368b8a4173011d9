package io.edgefusion.runtime.diagnose.namespaces;

import io.edgefusion.kernel.net.Links;
import io.edgefusion.kernel.proc.SysvIpc;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The details as the seed's 3.1 table: one fact per row, the namespace that decides it, inside against host. */
final class NamespaceRows {
    /** Names beyond this many are counted, not listed, so a host passwd does not flood the table. */
    static final int LISTED = 6;

    private NamespaceRows() {
    }

    static List<NamespaceRow> of(NamespaceDetails d) {
        List<NamespaceRow> rows = new ArrayList<>();
        rows.add(row("pid", "pid (getpid)", d.pid(), p -> Long.toString(p.pid())));
        rows.add(row("pid", "parent pid (getppid)", d.pid(), p -> Long.toString(p.parent())));
        rows.add(row("uts", "hostname", d.hostname(), h -> h));
        rows.add(row("uts", "domainname", d.domainname(), h -> h));
        rows.add(row("mnt", "users in /etc/passwd", d.users(), NamespaceRows::names));
        rows.add(new NamespaceRow("user", "workload uid", user(d.uid().inside(), d.userName().inside()),
                user(d.uid().host(), d.userName().host())));
        rows.add(row("ipc", "SysV shm/sem/msg", d.sysvIpc(), NamespaceRows::ipc));
        rows.add(row("ipc", "POSIX mqueues", d.mqueues(), q -> q == null ? "(no mqueue mount)" : names(q)));
        rows.add(row("net", "interfaces", d.interfaces(), NamespaceRows::links));
        rows.add(row("cgroup", "cgroup path", d.cgroup(), NamespaceRows::cgroup));
        rows.add(row("mnt", "mounts", d.mounts(), m -> Integer.toString(m.count())));
        rows.add(row("mnt", "root mount", d.mounts(), m -> m.rootFsType() + " " + m.rootSource()));
        rows.add(row("user", "uid_map", d.uidMap(), m -> String.join(", ", m)));
        rows.add(row("user", "gid_map", d.gidMap(), m -> String.join(", ", m)));
        return rows;
    }

    private static <T> NamespaceRow row(String ns, String item, Sides<T> s, Function<T, String> f) {
        return new NamespaceRow(ns, item, f.apply(s.inside()), f.apply(s.host()));
    }

    private static String user(long uid, String name) {
        return uid < 0 ? "(unmapped: overflow uid 65534)" : uid + " (" + (name == null ? "no passwd entry" : name)
                + ")";
    }

    private static String names(List<String> n) {
        if (n.isEmpty()) {
            return "(none)";
        }
        String shown = String.join(",", n.subList(0, Math.min(LISTED, n.size())));
        return n.size() > LISTED ? shown + ",… (" + n.size() + ")" : shown;
    }

    private static String ipc(SysvIpc i) {
        return i.count() == 0 ? "(none)" : "shm " + names(i.shm()) + "; sem " + names(i.sem()) + "; msg "
                + names(i.msg());
    }

    private static String links(List<Links.Addressed> l) {
        List<String> out = new ArrayList<>();
        for (Links.Addressed a : l) {
            out.add(a.name() + (a.up() ? "" : " (down)") + (a.addresses().isEmpty() ? ""
                    : " " + String.join(" ", a.addresses())));
        }
        return out.isEmpty() ? "(none)" : String.join("; ", out);
    }

    /** The unified line, else the memory controller's: one path is enough to tell the views apart. */
    private static String cgroup(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("0::")).findFirst()
                .or(() -> lines.stream().filter(l -> l.matches("\\d+:([^:]*,)?memory(,[^:]*)?:.*")).findFirst())
                .or(() -> lines.stream().findFirst()).orElse("(none)");
    }
}
