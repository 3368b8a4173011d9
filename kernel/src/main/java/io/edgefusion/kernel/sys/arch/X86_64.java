package io.edgefusion.kernel.sys.arch;

/**
 * x86-64 (os.arch {@code amd64}): the values of this machine's gcc and glibc headers (asm/fcntl.h,
 * asm/unistd_64.h, bits/statvfs.h, bits/dirent.h, linux/audit.h), checked by ArchTablesMatchHeadersTest.
 */
public final class X86_64 implements Arch {
    public static final X86_64 INSTANCE = new X86_64();

    static final int AUDIT_ARCH_X86_64 = 0xc000003e;
    static final int O_DIRECTORY = 0200000;
    static final int O_NOFOLLOW = 0400000;
    static final long SYS_OPENAT2 = 437;
    /** Not in Debian 12's 6.1 headers; 463 on every architecture since syscalls got one number (5.1). */
    static final long SYS_SETXATTRAT = 463;
    static final long SYS_BPF = 321;
    static final Statvfs STATVFS = new Statvfs(112, 72);
    static final Dirent DIRENT = new Dirent(18, 19);
    static final Timespec TIMESPEC = new Timespec(16, 8);

    private X86_64() {
    }

    @Override
    public String name() {
        return "x86_64";
    }

    @Override
    public int auditArch() {
        return AUDIT_ARCH_X86_64;
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
