package io.edgefusion.sandbox.seccomp;

import io.edgefusion.kernel.sys.UnsupportedHost;

import java.util.Locale;
import java.util.Set;

/**
 * The architectures EdgeFusion compiles seccomp filters for: the {@code AUDIT_ARCH_*} value the kernel puts in
 * {@code seccomp_data.arch} (linux/audit.h) and the names a policy's {@code includes/excludes.arches} use (docker
 * writes Go's names, amd64 and arm64; the kernel's are accepted too).
 */
public enum Arch {
    X86_64(io.edgefusion.kernel.sys.arch.X86_64.INSTANCE, Set.of("amd64", "x86_64", "SCMP_ARCH_X86_64")),
    AARCH64(io.edgefusion.kernel.sys.arch.Aarch64.INSTANCE, Set.of("arm64", "aarch64", "SCMP_ARCH_AARCH64"));

    /** x86-64's x32 ABI sets this bit in the syscall number (__X32_SYSCALL_BIT); the filter kills such calls. */
    public static final long X32_SYSCALL_BIT = 0x40000000L;

    private final long auditArch;
    private final String tableName;
    private final Set<String> names;

    /** The audit value and the table's name come from the kernel module's header-checked table. */
    Arch(io.edgefusion.kernel.sys.arch.Arch table, Set<String> names) {
        this.auditArch = Integer.toUnsignedLong(table.auditArch());
        this.tableName = table.name();
        this.names = names;
    }

    public long auditArch() {
        return auditArch;
    }

    /** Name of the syscall table resource ({@code NAME.syscalls}). */
    public String tableName() {
        return tableName;
    }

    /** Whether a policy's arch name means this architecture. */
    public boolean matches(String name) {
        return names.contains(name) || names.contains(name.toLowerCase(Locale.ROOT));
    }

    /** The architecture this JVM runs on, as the kernel module chose it; any other is refused, never guessed. */
    public static Arch host() {
        try {
            return io.edgefusion.kernel.sys.arch.Arch.current() instanceof io.edgefusion.kernel.sys.arch.Aarch64
                    ? AARCH64 : X86_64;
        } catch (UnsupportedHost e) {
            throw new SeccompPolicyException("seccomp: " + e.getMessage());
        }
    }
}
