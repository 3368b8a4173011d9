package io.edgefusion.runtime.diagnose.namespaces;

import io.edgefusion.kernel.net.Links;
import io.edgefusion.kernel.proc.SysvIpc;

import java.util.List;

/**
 * The structured facts behind the rows of {@link NamespacesReport}, each read inside and on the host.
 *
 * @param pid        PID 1's pid and its parent's pid
 * @param hostname   UTS nodename ({@code /proc/sys/kernel/hostname} read in the UTS namespace)
 * @param domainname UTS domain name
 * @param users      the user names /etc/passwd resolves (the sandbox's through {@code /proc/<pid>/root})
 * @param uid        PID 1's effective uid
 * @param userName   that uid's name in each passwd, or null
 * @param sysvIpc    SysV shm/sem/msg objects of each IPC namespace
 * @param mqueues    POSIX message queues where an mqueue filesystem is mounted, or null
 * @param interfaces network interfaces with their addresses
 * @param cgroup     {@code /proc/<pid>/cgroup} read from the sandbox's cgroup namespace and from the host's
 * @param mounts     mount table size and root mount
 * @param uidMap     {@code uid_map} of PID 1 and of the inspecting process
 * @param gidMap     {@code gid_map} likewise
 */
public record NamespaceDetails(Sides<Pids> pid, Sides<String> hostname, Sides<String> domainname,
                               Sides<List<String>> users, Sides<Long> uid, Sides<String> userName,
                               Sides<SysvIpc> sysvIpc, Sides<List<String>> mqueues,
                               Sides<List<Links.Addressed>> interfaces, Sides<List<String>> cgroup,
                               Sides<Mounts> mounts, Sides<List<String>> uidMap, Sides<List<String>> gidMap) {

    /** A pid and its parent's, in one PID namespace (0: the parent is outside it). */
    public record Pids(long pid, long parent) {
    }

    /** How many mounts the table holds and what is mounted at {@code /}. */
    public record Mounts(int count, String rootSource, String rootFsType) {
    }
}
