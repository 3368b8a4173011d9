package io.edgefusion.kernel.sys.arch;

import io.edgefusion.kernel.testing.CHeaders;
import io.edgefusion.kernel.testing.CHeaders.Toolchain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each architecture's table against that architecture's C headers: the machine's gcc for x86-64, Debian's
 * aarch64-linux-gnu-gcc for aarch64 (compiled to assembly, nothing foreign is run). Any difference fails; so
 * does a missing cross compiler, and so does an accessor of {@link Arch} that this test does not check.
 */
class ArchTablesMatchHeadersTest {
    private static final List<String> HEADERS = List.of("fcntl.h", "sys/syscall.h", "sys/statvfs.h", "dirent.h",
            "time.h", "linux/audit.h");

    /** Accessor name → the C expression it must equal, and how to read it from a table. */
    private record Check(String c, ToLongFunction<Arch> value) {
    }

    private static final Map<String, Check> CHECKS = new LinkedHashMap<>();

    static {
        CHECKS.put("oDirectory", new Check("O_DIRECTORY", Arch::oDirectory));
        CHECKS.put("oNofollow", new Check("O_NOFOLLOW", Arch::oNofollow));
        CHECKS.put("statvfs.size", new Check("sizeof(struct statvfs)", a -> a.statvfs().size()));
        CHECKS.put("statvfs.flagOffset", new Check("offsetof(struct statvfs, f_flag)",
                a -> a.statvfs().flagOffset()));
        CHECKS.put("dirent.typeOffset", new Check("offsetof(struct dirent, d_type)", a -> a.dirent().typeOffset()));
        CHECKS.put("dirent.nameOffset", new Check("offsetof(struct dirent, d_name)", a -> a.dirent().nameOffset()));
        CHECKS.put("timespec.size", new Check("sizeof(struct timespec)", a -> a.timespec().size()));
        CHECKS.put("timespec.nsecOffset", new Check("offsetof(struct timespec, tv_nsec)",
                a -> a.timespec().nsecOffset()));
    }

    /** Accessor name → syscall name; compared with {@code __NR_<name>} (see {@link #syscallNumbers}). */
    private static final Map<String, String> SYSCALLS = Map.of("sysOpenat2", "openat2", "sysSetxattrat", "setxattrat",
            "sysBpf", "bpf");

    /** Since Linux 5.1 (pidfd_send_signal, 424) a new syscall gets one number on every architecture but alpha. */
    private static final long UNIFIED_FROM = 424;

    static List<Arch> tables() {
        return Arrays.stream(Arch.class.getPermittedSubclasses()).map(ArchTablesMatchHeadersTest::instance).toList();
    }

    private static Arch instance(Class<?> c) {
        try {
            return (Arch) c.getField("INSTANCE").get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(c + " has no INSTANCE", e);
        }
    }

    @ParameterizedTest
    @MethodSource("tables")
    void flagsAndStructLayoutsAreTheHeaders(Arch arch) {
        Toolchain tc = Toolchain.forArch(arch.name());
        Map<String, String> expressions = new LinkedHashMap<>();
        CHECKS.forEach((k, v) -> expressions.put(k, v.c()));
        // The compiler really targets this architecture, 64-bit.
        expressions.put("target", arch.name().equals("x86_64") ? "__x86_64__ + 0" : "__aarch64__ + 0");
        expressions.put("lp64", "sizeof(long) == 8 && sizeof(void *) == 8");
        expressions.put("auditArch", arch.name().equals("x86_64") ? "AUDIT_ARCH_X86_64" : "AUDIT_ARCH_AARCH64");
        Map<String, Long> headers = CHeaders.values(tc, HEADERS, expressions);

        Map<String, Long> table = new TreeMap<>();
        CHECKS.forEach((k, v) -> table.put(k, v.value().applyAsLong(arch)));
        table.put("target", 1L);
        table.put("lp64", 1L);
        table.put("auditArch", arch.auditArch() & 0xffffffffL);
        assertThat(table).as(arch + " table vs " + tc.gcc()).isEqualTo(new TreeMap<>(headers));
    }

    @ParameterizedTest
    @MethodSource("tables")
    void syscallNumbersAreTheHeaders(Arch arch) {
        Toolchain tc = Toolchain.forArch(arch.name());
        Map<String, Long> nr = syscallNumbers(tc);
        long newestInHeaders = nr.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        for (var e : SYSCALLS.entrySet()) {
            long mine = number(arch, e.getKey());
            Long theirs = nr.get(e.getValue());
            if (theirs != null) {
                assertThat(mine).as(arch + " SYS_" + e.getValue() + " vs " + tc.gcc()).isEqualTo(theirs);
            } else {
                // Newer than these headers (setxattrat is 6.13, Debian 12's are 6.1): such a number can only be
                // in the unified range, past everything the headers know, and the same in every table.
                assertThat(mine).as(arch + " SYS_" + e.getValue() + " (not in " + tc.gcc() + "'s headers)")
                        .isGreaterThan(newestInHeaders).isGreaterThanOrEqualTo(UNIFIED_FROM);
                for (Arch other : tables()) {
                    assertThat(number(other, e.getKey())).as(other + " SYS_" + e.getValue()).isEqualTo(mine);
                }
            }
        }
    }

    /** What the fallback above relies on, checked on the headers we do have. */
    @Test
    void syscallsFromTheUnifiedRangeOnHaveOneNumberOnBothArchitectures() {
        Map<String, Long> x86 = syscallNumbers(Toolchain.X86_64);
        Map<String, Long> arm = syscallNumbers(Toolchain.AARCH64);
        Map<String, Long> x86Unified = x86.entrySet().stream().filter(e -> e.getValue() >= UNIFIED_FROM)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
        Map<String, Long> armUnified = arm.entrySet().stream().filter(e -> e.getValue() >= UNIFIED_FROM)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
        assertThat(x86Unified).isNotEmpty().containsKey("openat2").isEqualTo(armUnified);
        // ... and that below it they differ, which is why the tables exist (pivot_root: 155 and 41).
        assertThat(x86.get("pivot_root")).isNotEqualTo(arm.get("pivot_root"));
    }

    @Test
    void everyAccessorOfTheTableIsChecked() {
        List<String> accessors = Arrays.stream(Arch.class.getDeclaredMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers())).map(Method::getName).sorted().toList();
        List<String> checked = new java.util.ArrayList<>(List.of("name", "auditArch", "statvfs", "dirent",
                "timespec"));
        CHECKS.keySet().stream().filter(k -> !k.contains(".")).forEach(checked::add);
        checked.addAll(SYSCALLS.keySet());
        assertThat(accessors).containsExactlyInAnyOrderElementsOf(checked);
        // Each layout record's components are all in CHECKS.
        for (Class<?> r : List.of(Arch.Statvfs.class, Arch.Dirent.class, Arch.Timespec.class)) {
            String prefix = Character.toLowerCase(r.getSimpleName().charAt(0)) + r.getSimpleName().substring(1);
            for (var c : r.getRecordComponents()) {
                assertThat(CHECKS).as(r.getSimpleName()).containsKey(prefix + "." + c.getName());
            }
        }
    }

    @Test
    void theTwoTablesDifferWhereTheKernelDoes() {
        // The bug this table fixes: x86-64's O_DIRECTORY and O_NOFOLLOW are O_DIRECT and O_LARGEFILE on aarch64
        // (the kernel's asm/fcntl.h: glibc defines O_LARGEFILE as 0 on 64-bit, the kernel still knows the bit).
        Map<String, Long> arm = CHeaders.values(Toolchain.AARCH64, List.of("asm/fcntl.h"),
                Map.of("O_DIRECT", "O_DIRECT", "O_LARGEFILE", "O_LARGEFILE"));
        assertThat(arm.get("O_DIRECT")).isEqualTo(X86_64.INSTANCE.oDirectory());
        assertThat(arm.get("O_LARGEFILE")).isEqualTo(X86_64.INSTANCE.oNofollow());
        assertThat(Aarch64.INSTANCE.oDirectory()).isNotEqualTo(X86_64.INSTANCE.oDirectory());
        assertThat(Aarch64.INSTANCE.oNofollow()).isNotEqualTo(X86_64.INSTANCE.oNofollow());
    }

    private static long number(Arch arch, String accessor) {
        try {
            return (long) Arch.class.getMethod(accessor).invoke(arch);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code __NR_*} defined as plain numbers, by syscall name ({@code __NR_syscalls} is a count, not one). */
    private static Map<String, Long> syscallNumbers(Toolchain tc) {
        Map<String, Long> out = new TreeMap<>();
        CHeaders.integerMacros(tc, List.of("sys/syscall.h")).forEach((k, v) -> {
            if (k.startsWith("__NR_") && !k.equals("__NR_syscalls")) {
                out.put(k.substring("__NR_".length()), v);
            }
        });
        return out;
    }
}
