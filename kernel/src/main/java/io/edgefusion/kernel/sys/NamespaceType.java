package io.edgefusion.kernel.sys;

/**
 * The namespace kinds of {@code /proc/<pid>/ns/}: the file name and the {@code CLONE_NEW*} flag that
 * {@code setns(2)} checks (uapi sched.h, the same on every architecture).
 */
public enum NamespaceType {
    CGROUP("cgroup", 0x02000000),
    IPC("ipc", 0x08000000),
    MNT("mnt", 0x00020000),
    NET("net", 0x40000000),
    PID("pid", 0x20000000),
    TIME("time", 0x00000080),
    USER("user", 0x10000000),
    UTS("uts", 0x04000000);

    private final String file;
    private final int flag;

    NamespaceType(String file, int flag) {
        this.file = file;
        this.flag = flag;
    }

    /** The name under {@code /proc/<pid>/ns/}. */
    public String file() {
        return file;
    }

    public int cloneFlag() {
        return flag;
    }

    /** {@code /proc/<pid>/ns/<file>}. */
    public String of(long pid) {
        return "/proc/" + pid + "/ns/" + file;
    }
}
