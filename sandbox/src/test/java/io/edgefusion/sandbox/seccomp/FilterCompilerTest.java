package io.edgefusion.sandbox.seccomp;

import io.edgefusion.sandbox.spec.Capabilities;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compiled default policy, decoded from the bytes the helper receives and run in a BPF interpreter, answers
 * each call as docker's default profile does, for x86-64 and aarch64.
 */
class FilterCompilerTest {
    static final int ALLOW = SeccompAction.RET_ALLOW;
    static final int EPERM = SeccompAction.RET_ERRNO | 1;
    static final int ENOSYS = SeccompAction.RET_ERRNO | 38;
    static final int KILL = SeccompAction.RET_KILL_PROCESS;
    static final long CLONE_NEWUSER = 0x10000000L;
    static final long CLONE_NEWNS = 0x20000L;
    static final long CLONE_NEWCGROUP = 0x2000000L;
    /** glibc's pthread_create: CLONE_VM|FS|FILES|SIGHAND|THREAD|SYSVSEM|SETTLS|PARENT_SETTID|CHILD_CLEARTID. */
    static final long THREAD_FLAGS = 0x3d0f00L;
    static final long AF_VSOCK = 40;
    static final long AUDIT_ARCH_I386 = 0x40000003L;

    private static FilterTarget target(Arch arch, Set<String> caps) {
        return new FilterTarget(arch, caps, 6, 18);
    }

    private static int nr(Arch arch, String name) {
        return SyscallTable.of(arch).number(name).orElseThrow(() -> new AssertionError(name + " on " + arch));
    }

    private static int run(Arch arch, Set<String> caps, String name, long... args) {
        BpfProgram p = FilterCompiler.compile(SeccompFilters.defaultPolicy(), target(arch, caps));
        return new BpfInterpreter(p).run(arch.auditArch(), nr(arch, name), args);
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void ordinaryCallsAreAllowed(Arch arch) {
        for (String c : List.of("read", "write", "openat", "execve", "mmap", "futex", "exit_group", "rt_sigaction",
                "getdents64", "epoll_pwait", "statx", "close_range", "rseq", "prctl", "capset", "setresuid")) {
            assertThat(run(arch, Capabilities.DEFAULT, c)).as(c).isEqualTo(ALLOW);
        }
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void theCallsTheIssueNamesAreRefusedWithEperm(Arch arch) {
        for (String c : List.of("mount", "unshare", "setns", "keyctl", "add_key", "request_key", "bpf",
                "perf_event_open", "userfaultfd", "io_uring_setup", "io_uring_enter", "open_by_handle_at",
                "kexec_load", "umount2", "pivot_root", "init_module", "reboot", "swapon", "fsopen", "open_tree")) {
            assertThat(run(arch, Capabilities.DEFAULT, c)).as(c).isEqualTo(EPERM);
        }
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void cloneWithNamespaceFlagsIsRefusedButForkAndThreadsAreNot(Arch arch) {
        Set<String> caps = Capabilities.DEFAULT;
        assertThat(run(arch, caps, "clone", 17)).isEqualTo(ALLOW); // fork: SIGCHLD
        assertThat(run(arch, caps, "clone", THREAD_FLAGS)).isEqualTo(ALLOW);
        for (long ns : List.of(CLONE_NEWUSER, CLONE_NEWNS, CLONE_NEWCGROUP, 0x40000000L, 0x20000000L, 0x8000000L,
                0x4000000L)) {
            assertThat(run(arch, caps, "clone", ns | 17)).as("0x%x", ns).isEqualTo(EPERM);
        }
        // The mask covers the low 32 bits only: a high bit is not a namespace flag.
        assertThat(run(arch, caps, "clone", (1L << 40) | 17)).isEqualTo(ALLOW);
        assertThat(run(arch, caps, "clone3")).isEqualTo(ENOSYS);
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void capSysAdminOpensWhatItShould(Arch arch) {
        Set<String> caps = new HashSet<>(Capabilities.DEFAULT);
        caps.add("SYS_ADMIN");
        assertThat(run(arch, caps, "mount")).isEqualTo(ALLOW);
        assertThat(run(arch, caps, "unshare")).isEqualTo(ALLOW);
        assertThat(run(arch, caps, "clone", CLONE_NEWUSER)).isEqualTo(ALLOW);
        assertThat(run(arch, caps, "clone3")).isEqualTo(ALLOW);
        assertThat(run(arch, caps, "kcmp")).isEqualTo(EPERM); // needs SYS_PTRACE, not SYS_ADMIN
        caps.add("SYS_PTRACE");
        assertThat(run(arch, caps, "kcmp")).isEqualTo(ALLOW);
        assertThat(run(arch, Set.of("DAC_READ_SEARCH"), "open_by_handle_at")).isEqualTo(ALLOW);
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void socketRefusesOnlyVsockAndPersonalityOnlyTheListedValues(Arch arch) {
        Set<String> caps = Capabilities.DEFAULT;
        assertThat(run(arch, caps, "socket", AF_VSOCK, 1, 0)).isEqualTo(EPERM);
        assertThat(run(arch, caps, "socket", 2, 1, 0)).isEqualTo(ALLOW);
        assertThat(run(arch, caps, "socket", 1, 1, 0)).isEqualTo(ALLOW);
        for (long p : List.of(0L, 8L, 0x20000L, 0x20008L, 0xffffffffL)) {
            assertThat(run(arch, caps, "personality", p)).as("0x%x", p).isEqualTo(ALLOW);
        }
        assertThat(run(arch, caps, "personality", 0x0040000L)).isEqualTo(EPERM); // ADDR_NO_RANDOMIZE
        assertThat(run(arch, caps, "personality", 0x100000000L)).isEqualTo(EPERM); // high half counts
    }

    @Test
    void aForeignArchitectureAndX32AreKilled() {
        BpfProgram x86 = FilterCompiler.compile(SeccompFilters.defaultPolicy(), target(Arch.X86_64,
                Capabilities.DEFAULT));
        BpfInterpreter vm = new BpfInterpreter(x86);
        assertThat(vm.run(AUDIT_ARCH_I386, 3)).isEqualTo(KILL);
        assertThat(vm.run(Arch.AARCH64.auditArch(), 63)).isEqualTo(KILL);
        assertThat(vm.run(Arch.X86_64.auditArch(), (int) Arch.X32_SYSCALL_BIT)).isEqualTo(KILL); // x32 read
        assertThat(vm.run(Arch.X86_64.auditArch(), -1)).isEqualTo(KILL);
        BpfInterpreter arm = new BpfInterpreter(FilterCompiler.compile(SeccompFilters.defaultPolicy(),
                target(Arch.AARCH64, Capabilities.DEFAULT)));
        assertThat(arm.run(Arch.X86_64.auditArch(), 0)).isEqualTo(KILL);
        assertThat(arm.run(0x40000028L, 3)).isEqualTo(KILL); // AUDIT_ARCH_ARM (32-bit compat)
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void callsNewerThanTheTableFailEnosysSoLibcFallsBack(Arch arch) {
        BpfInterpreter vm = new BpfInterpreter(FilterCompiler.compile(SeccompFilters.defaultPolicy(),
                target(arch, Capabilities.DEFAULT)));
        int max = SyscallTable.of(arch).max();
        assertThat(vm.run(arch.auditArch(), max + 1)).isEqualTo(ENOSYS);
        assertThat(vm.run(arch.auditArch(), 1000)).isEqualTo(ENOSYS);
    }

    /** Every number the table knows, with a few argument vectors: BPF and the model agree everywhere. */
    @ParameterizedTest
    @EnumSource(Arch.class)
    void theProgramAgreesWithThePolicyOnEverySyscall(Arch arch) {
        for (Set<String> caps : List.of(Capabilities.DEFAULT, Set.<String>of(), Set.of("SYS_ADMIN", "SYS_PTRACE"),
                Capabilities.resolve(Set.of("ALL"), Set.of()))) {
            FilterTarget t = target(arch, caps);
            SeccompPolicy p = SeccompFilters.defaultPolicy();
            BpfInterpreter vm = new BpfInterpreter(FilterCompiler.compile(p, t));
            long[][] argv = {{}, {17}, {CLONE_NEWUSER | 17}, {AF_VSOCK}, {8}, {0x40000L}};
            for (int nr = 0; nr <= SyscallTable.of(arch).max() + 2; nr++) {
                for (long[] a : argv) {
                    assertThat(vm.run(arch.auditArch(), nr, a)).as("%s nr %d caps %s", arch, nr, caps)
                            .isEqualTo(ReferenceEvaluator.expected(p, t, arch.auditArch(), nr, a));
                }
            }
        }
    }

    @Test
    void theDefaultProgramFitsTheKernelLimitWithRoom() {
        for (Arch arch : Arch.values()) {
            BpfProgram p = FilterCompiler.compile(SeccompFilters.defaultPolicy(), target(arch, Capabilities.DEFAULT));
            assertThat(p.insns().size()).isBetween(50, 1024);
            assertThat(p.insns().getLast().code()).isEqualTo(BpfProgram.RET_K);
        }
    }
}
