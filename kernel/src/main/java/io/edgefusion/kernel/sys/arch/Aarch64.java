package io.edgefusion.kernel.sys.arch;

/**
 * aarch64 (arm64: the RK3588 and other ARMv8 boards): the values of Debian's aarch64-linux-gnu-gcc headers
 * (asm/fcntl.h, asm-generic/unistd.h, bits/statvfs.h, bits/dirent.h, linux/audit.h), checked by
 * ArchTablesMatchHeadersTest. The open flags are where it parts from x86-64.
 */
public final class Aarch64 implements Arch {
    public static final Aarch64 INSTANCE = new Aarch64();

    static final int AUDIT_ARCH_AARCH64 = 0xc00000b7;
    static final int O_DIRECTORY = 040000;
    static final int O_NOFOLLOW = 0100000;
    static final long SYS_OPENAT2 = 437;
    /** Not in Debian 12's 6.1 headers; 463 on every architecture since syscalls got one number (5.1). */
    static final long SYS_SETXATTRAT = 463;
    static final long SYS_BPF = 280;
    static final Statvfs STATVFS = new Statvfs(112, 72);
    static final Dirent DIRENT = new Dirent(18, 19);
    static final Timespec TIMESPEC = new Timespec(16, 8);

    private Aarch64() {
    }

    @Override
    public String name() {
        return "aarch64";
    }

    @Override
    public int auditArch() {
        return AUDIT_ARCH_AARCH64;
    }

    @Override
    public int oDirectory() {
        return O_DIRECTORY;
    }

    @Override
    public int oNofollow() {
        return O_NOFOLLOW;
    }

    @Override
    public long sysOpenat2() {
        return SYS_OPENAT2;
    }

    @Override
    public long sysSetxattrat() {
        return SYS_SETXATTRAT;
    }

    @Override
    public long sysBpf() {
        return SYS_BPF;
    }

    @Override
    public Statvfs statvfs() {
        return STATVFS;
    }

    @Override
    public Dirent dirent() {
        return DIRENT;
    }

    @Override
    public Timespec timespec() {
        return TIMESPEC;
    }

    @Override
    public String toString() {
        return name();
    }
}
