package io.edgefusion.kernel.mount;

import java.util.EnumSet;
import java.util.Set;

/**
 * Per-mount flags as {@code statvfs(3)} reports them in {@code f_flag} (ST_*), with what each one makes the
 * kernel refuse. These are the flags a sandbox's mounts use to fence a workload in. The bits are glibc's generic
 * ones, the same on x86-64 and aarch64 (checked against both architectures' headers).
 */
public enum MountFlag {
    RDONLY(1, "ro", "writes fail with EROFS: open(2) for writing, creat, mkdir, unlink, rename, chmod, chown,"
            + " utimes, mknod"),
    NOSUID(2, "nosuid", "execve(2) ignores set-user-ID and set-group-ID bits and file capabilities: the new"
            + " program keeps the caller's credentials"),
    NODEV(4, "nodev", "open(2) of a character or block device node on it fails with EACCES (mknod still creates"
            + " the node)"),
    NOEXEC(8, "noexec", "execve(2) of a file on it fails with EACCES, and mmap(2)/mprotect(2) with PROT_EXEC of"
            + " such a file fail with EPERM (an interpreter can still read and run a script from it)"),
    SYNCHRONOUS(16, "sync", "writes are synchronous: write(2) returns once data reached the device"),
    MANDLOCK(64, "mand", "mandatory locks are honoured"),
    NOATIME(1024, "noatime", "access times are never updated"),
    NODIRATIME(2048, "nodiratime", "directory access times are never updated"),
    RELATIME(4096, "relatime", "access times are updated only when older than the modification time");

    private final long bit;
    private final String option;
    private final String forbids;

    MountFlag(long bit, String option, String forbids) {
        this.bit = bit;
        this.option = option;
        this.forbids = forbids;
    }

    /** The ST_* bit. */
    public long bit() {
        return bit;
    }

    /** The mount option that sets it, as mountinfo and mount(8) spell it. */
    public String option() {
        return option;
    }

    /** What the kernel refuses (or changes) under this flag, in system-call terms. */
    public String forbids() {
        return forbids;
    }

    /** Flags whose bits are set in a {@code statvfs.f_flag} value. */
    public static Set<MountFlag> fromStatvfs(long fFlag) {
        Set<MountFlag> out = EnumSet.noneOf(MountFlag.class);
        for (MountFlag f : values()) {
            if ((fFlag & f.bit) != 0) {
                out.add(f);
            }
        }
        return out;
    }
}
