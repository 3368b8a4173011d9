package io.edgefusion.runtime.diagnose.namespaces;

import io.edgefusion.kernel.net.Links;
import io.edgefusion.kernel.proc.IdMap;
import io.edgefusion.kernel.proc.MountEntry;
import io.edgefusion.kernel.proc.MountInfo;
import io.edgefusion.kernel.proc.ProcCgroup;
import io.edgefusion.kernel.proc.ProcStat;
import io.edgefusion.kernel.proc.ProcStatus;
import io.edgefusion.kernel.proc.SysvIpc;
import io.edgefusion.kernel.sys.KernelFiles;
import io.edgefusion.kernel.sys.NamespaceProbe;
import io.edgefusion.kernel.sys.NamespaceType;
import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.state.Status;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads what a running sandbox's PID 1 sees against the inspecting process (the CLI, or the node it runs in).
 * Facts only visible from inside a namespace — the UTS names, SysV IPC objects, the cgroup path relative to a
 * cgroup namespace — are read by {@link NamespaceProbe} on a dedicated platform thread that joins those
 * namespaces; everything else comes from {@code /proc/<pid>/…}, which shows the process's own view.
 */
public final class NamespaceInspector {
    static final String HOSTNAME = "/proc/sys/kernel/hostname";
    static final String DOMAINNAME = "/proc/sys/kernel/domainname";
    static final String MQUEUE_FS = "mqueue";
    static final List<NamespaceType> JOINED = List.of(NamespaceType.UTS, NamespaceType.IPC, NamespaceType.CGROUP);

    private NamespaceInspector() {
    }

    /** The views read inside a probe thread (or on the caller for shared namespaces). */
    private record Joined(String hostname, String domainname, SysvIpc ipc, List<String> cgroup) {
    }

    public static NamespacesReport inspect(Sandboxes sb, String idOrName) {
        SandboxState s = sb.inspect(idOrName);
        if (s.status() != Status.RUNNING || s.pid() == null || s.pidStartTicks() == null) {
            throw new IllegalStateException("sandbox " + s.shortId() + " is " + s.status().label()
                    + ", not running: inspect --namespaces needs a running sandbox");
        }
        long pid = s.pid();
        long ticks = s.pidStartTicks();
        long self = ProcessHandle.current().pid();
        Map<NamespaceType, NamespaceView> ns = new EnumMap<>(NamespaceType.class);
        for (NamespaceType t : NamespaceType.values()) {
            Path inside = Path.of(t.of(pid));
            if (Files.exists(inside, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                ns.put(t, new NamespaceView(t.file(), inode(inside), inode(Path.of(t.of(self)))));
            }
        }
        List<NamespaceType> join = JOINED.stream().filter(t -> ns.containsKey(t) && ns.get(t).own()).toList();
        Joined host = joined(pid);
        Joined inside = join.isEmpty() ? host : NamespaceProbe.run(pid, ticks, join, () -> joined(pid));
        // What the probe read in a namespace shared with the host is the host's value.
        Joined in = new Joined(own(ns, NamespaceType.UTS) ? inside.hostname() : host.hostname(),
                own(ns, NamespaceType.UTS) ? inside.domainname() : host.domainname(),
                own(ns, NamespaceType.IPC) ? inside.ipc() : host.ipc(),
                own(ns, NamespaceType.CGROUP) ? inside.cgroup() : host.cgroup());
        if (!ProcStat.alive(pid, ticks)) {
            throw new IllegalStateException("sandbox " + s.shortId() + " exited while it was inspected");
        }

        ProcStatus st = ProcStatus.ofPid(pid);
        int depth = st.nsPids().size();
        long parentInside = ProcStatus.ofPidIfAlive(st.ppid()).filter(p -> p.nsPids().size() >= depth)
                .map(p -> p.nsPids().get(depth - 1)).orElse(0L);
        var pids = new Sides<>(new NamespaceDetails.Pids(st.innermostPid(), parentInside),
                new NamespaceDetails.Pids(st.nsPids().getFirst(), st.ppid()));

        Passwd inPw = Passwd.under(Path.of("/proc", Long.toString(pid), "root"));
        Passwd hostPw = Passwd.under(Path.of("/"));
        IdMap uidMap = IdMap.ofPid(pid, IdMap.UID_MAP);
        IdMap gidMap = IdMap.ofPid(pid, IdMap.GID_MAP);
        long hostUid = st.uids().get(1);
        long inUid = uidMap.inside(hostUid).orElse(-1);
        var uid = new Sides<>(inUid, hostUid);
        var userName = new Sides<>(inPw.nameOf(inUid), hostPw.nameOf(hostUid));

        MountInfo inMi = MountInfo.ofPid(pid);
        MountInfo hostMi = MountInfo.read(MountInfo.SELF);
        var mounts = new Sides<>(mounts(inMi), mounts(hostMi));
        var mq = new Sides<>(mqueues(inMi, Path.of("/proc", Long.toString(pid), "root")),
                mqueues(hostMi, Path.of("/")));
        var links = new Sides<>(Links.addressed(pid, ticks, own(ns, NamespaceType.NET)),
                Links.addressed(self, ProcStat.of(self).orElseThrow().startTicks(), false));
        var maps = new Sides<>(ranges(uidMap), ranges(IdMap.ofPid(self, IdMap.UID_MAP)));
        var gmaps = new Sides<>(ranges(gidMap), ranges(IdMap.ofPid(self, IdMap.GID_MAP)));

        NamespaceDetails d = new NamespaceDetails(pids, new Sides<>(in.hostname(), host.hostname()),
                new Sides<>(in.domainname(), host.domainname()), new Sides<>(inPw.names(), hostPw.names()), uid,
                userName, new Sides<>(in.ipc(), host.ipc()), mq, links, new Sides<>(in.cgroup(), host.cgroup()),
                mounts, maps, gmaps);
        return new NamespacesReport(s.id(), s.name(), pid, List.copyOf(ns.values()), NamespaceRows.of(d), d);
    }

    private static boolean own(Map<NamespaceType, NamespaceView> ns, NamespaceType t) {
        return ns.containsKey(t) && ns.get(t).own();
    }

    /** Read on the calling thread: its UTS and IPC namespace, and {@code pid}'s cgroup relative to its own. */
    private static Joined joined(long pid) {
        List<String> cg = ProcCgroup.ofPid(pid).lines().stream()
                .map(l -> l.hierarchyId() + ":" + String.join(",", l.controllers()) + ":" + l.path()).toList();
        return new Joined(KernelFiles.read(HOSTNAME).strip(), KernelFiles.read(DOMAINNAME).strip(), SysvIpc.here(),
                cg);
    }

    /** The inode of a namespace link: its target reads {@code net:[4026531840]}. */
    private static long inode(Path nsLink) {
        try {
            String t = Files.readSymbolicLink(nsLink).toString();
            return Long.parseLong(t.substring(t.indexOf('[') + 1, t.length() - 1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + nsLink, e);
        }
    }

    private static NamespaceDetails.Mounts mounts(MountInfo mi) {
        MountEntry root = null;
        for (MountEntry e : mi.entries()) {
            if (e.mountPoint().equals("/")) {
                root = e; // the last mount on / is the one on top
            }
        }
        return new NamespaceDetails.Mounts(mi.entries().size(), root == null ? null : root.source(),
                root == null ? null : root.fsType());
    }

    /** Queue names where an mqueue filesystem is mounted in that table; null when none is. */
    private static List<String> mqueues(MountInfo mi, Path root) {
        for (MountEntry e : mi.entries()) {
            if (e.fsType().equals(MQUEUE_FS)) {
                Path dir = root.resolve(e.mountPoint().substring(1));
                try (Stream<Path> q = Files.list(dir)) {
                    return q.map(p -> p.getFileName().toString()).sorted().toList();
                } catch (IOException ex) {
                    throw new UncheckedIOException("cannot list " + dir, ex);
                }
            }
        }
        return null;
    }

    private static List<String> ranges(IdMap m) {
        List<String> out = new ArrayList<>();
        m.ranges().forEach(r -> out.add(r.toString()));
        return out;
    }
}
