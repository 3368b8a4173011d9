package io.edgefusion.kernel.sys.arch;

import io.edgefusion.kernel.sys.UnsupportedHost;

import java.util.Locale;

/**
 * The flags, syscall numbers and struct layouts that differ between Linux architectures: one table per
 * architecture ({@link X86_64}, {@link Aarch64}), chosen once from {@code os.arch}. Every architecture-dependent
 * value the Java code passes to the kernel or reads from a struct comes from here; what stays outside is the same
 * on every Linux architecture EdgeFusion supports (asm-generic flags, uapi structs of fixed-width fields) and says
 * so where it is defined. The tables are checked against the C headers of each architecture's gcc
 * (ArchTablesMatchHeadersTest).
 *
 * <p>A host that is not in the table is refused ({@link UnsupportedHost}), never served another architecture's
 * numbers: on aarch64, x86-64's O_DIRECTORY and O_NOFOLLOW are O_DIRECT and O_LARGEFILE, so a "never follow a
 * symlink" open would silently follow one.
 */
public sealed interface Arch permits X86_64, Aarch64 {
    /** The architecture of this JVM; throws {@link UnsupportedHost} when it has no table. */
    static Arch current() {
        return HostArch.get();
    }

    /** The table for a value of {@code os.arch}; throws {@link UnsupportedHost} for any architecture without one. */
    static Arch forOsArch(String osArch) {
        String a = osArch == null ? "" : osArch.strip().toLowerCase(Locale.ROOT);
        return switch (a) {
            case "amd64", "x86_64" -> X86_64.INSTANCE;
            case "aarch64", "arm64" -> Aarch64.INSTANCE;
            case "arm", "armv7", "armv7l" -> throw new UnsupportedHost("EdgeFusion's kernel calls support x86_64 and"
                    + " aarch64; this JVM runs on 32-bit arm (os.arch=" + osArch + "), whose long, size_t, time_t"
                    + " and struct layouts the bindings do not model; use a 64-bit (aarch64) OS and JDK");
            default -> throw new UnsupportedHost("EdgeFusion's kernel calls support x86_64 and aarch64; this JVM"
                    + " runs on os.arch=" + (a.isEmpty() ? "(unset)" : osArch) + ", which has no table of flags"
                    + " and syscall numbers (they are never guessed)");
        };
    }

    /** The architecture as {@code uname -m} and the JDK's {@code release} file spell it. */
    String name();

    /** {@code AUDIT_ARCH_*}: what a seccomp filter compares {@code seccomp_data.arch} with. */
    int auditArch();

    /** {@code O_DIRECTORY} (x86-64 0200000; arm 040000, where 0200000 is O_DIRECT). */
    int oDirectory();

    /** {@code O_NOFOLLOW} (x86-64 0400000; arm 0100000, where 0400000 is O_LARGEFILE). */
    int oNofollow();

    /** {@code SYS_openat2}. */
    long sysOpenat2();

    /** {@code SYS_setxattrat} (Linux 6.13). */
    long sysSetxattrat();

    /** {@code SYS_bpf} (x86-64 321, aarch64 280: older than the unified numbering). */
    long sysBpf();

    /** glibc's {@code struct statvfs}. */
    Statvfs statvfs();

    /** glibc's {@code struct dirent} as {@code readdir(3)} returns it. */
    Dirent dirent();

    /** {@code struct timespec} (an array of two is what {@code utimensat(2)} takes). */
    Timespec timespec();

    /** Size of {@code struct statvfs} and the offset of its {@code unsigned long f_flag}. */
    record Statvfs(long size, long flagOffset) {
    }

    /** Offsets of {@code d_type} (one byte) and {@code d_name} (NUL-terminated, at most 256 bytes). */
    record Dirent(long typeOffset, long nameOffset) {
    }

    /** Size of {@code struct timespec} and the offset of its {@code tv_nsec}. */
    record Timespec(long size, long nsecOffset) {
    }
}
