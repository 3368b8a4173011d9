package io.edgefusion.sandbox.seccomp;

import io.edgefusion.sandbox.seccomp.SeccompPolicy.Arg;
import io.edgefusion.sandbox.seccomp.SeccompPolicy.Condition;
import io.edgefusion.sandbox.seccomp.SeccompPolicy.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each comparison on a 64-bit argument, compiled to 32-bit BPF (high half first), against {@link CompareOp#test}
 * at the edges where the halves matter; and programs long enough to need {@code ja} trampolines.
 */
class ArgumentComparisonTest {
    private static final int HIT = SeccompAction.RET_ERRNO | 99;
    private static final int MISS = SeccompAction.RET_ALLOW;
    private static final long[] VALUES = {0, 1, 5, 0xffffffffL, 0x100000000L, 0x100000004L, 0x100000005L,
            0x100000006L, 0x0000000500000000L, 0x00000005ffffffffL, 0x7fffffffffffffffL, 0x8000000000000000L, -2, -1};

    private static SeccompPolicy policy(List<Rule> rules) {
        return new SeccompPolicy(new SeccompAction.Allow(), rules, "test");
    }

    private static Rule rule(String name, int hit, Arg... args) {
        return new Rule(List.of(name), new SeccompAction.Errno(hit & 0xffff), List.of(args), Condition.NONE,
                Condition.NONE);
    }

    @ParameterizedTest
    @EnumSource(CompareOp.class)
    void everyComparisonIsRightOnBothHalves(CompareOp op) {
        for (Arch arch : Arch.values()) {
            int nr = SyscallTable.of(arch).number("mkdirat").orElseThrow();
            for (long v : VALUES) {
                for (long v2 : new long[]{0, v, 0x100000000L, 5}) {
                    Arg arg = new Arg(2, v, v2, op);
                    BpfInterpreter vm = new BpfInterpreter(FilterCompiler.compile(
                            policy(List.of(rule("mkdirat", HIT, arg))), new FilterTarget(arch, Set.of(), 6, 1)));
                    for (long x : VALUES) {
                        int want = op.test(x, v, v2) ? HIT : MISS;
                        assertThat(vm.run(arch.auditArch(), nr, 0, 0, x)).as("%s 0x%x op 0x%x/0x%x", op, x, v, v2)
                                .isEqualTo(want);
                    }
                }
            }
        }
    }

    @Test
    void allConditionsOfOneRuleMustHoldAndTheFirstMatchingRuleDecides() {
        Arch arch = Arch.X86_64;
        int nr = SyscallTable.of(arch).number("kill").orElseThrow();
        SeccompPolicy p = policy(List.of(
                rule("kill", SeccompAction.RET_ERRNO | 1, new Arg(0, 1, 0, CompareOp.EQ), new Arg(1, 9, 0,
                        CompareOp.EQ)),
                rule("kill", SeccompAction.RET_ERRNO | 2, new Arg(1, 9, 0, CompareOp.EQ)),
                rule("kill", SeccompAction.RET_ERRNO | 3)));
        BpfInterpreter vm = new BpfInterpreter(FilterCompiler.compile(p, new FilterTarget(arch, Set.of(), 6, 1)));
        assertThat(vm.run(arch.auditArch(), nr, 1, 9)).isEqualTo(SeccompAction.RET_ERRNO | 1);
        assertThat(vm.run(arch.auditArch(), nr, 2, 9)).isEqualTo(SeccompAction.RET_ERRNO | 2);
        assertThat(vm.run(arch.auditArch(), nr, 1, 15)).isEqualTo(SeccompAction.RET_ERRNO | 3);
    }

    /** 200 conditional rules on one call and 300 more calls: jumps span far more than 255 instructions. */
    @ParameterizedTest
    @EnumSource(Arch.class)
    void longProgramsUseJaTrampolinesAndStayCorrect(Arch arch) {
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            rules.add(rule("ioctl", 1000 + i, new Arg(1, 0x5400L + i, 0, CompareOp.EQ),
                    new Arg(2, 1L << 33, 0, CompareOp.GE)));
        }
        List<String> names = new ArrayList<>(SyscallTable.of(arch).all().keySet());
        for (int i = 0; i < names.size(); i += 2) {
            if (!names.get(i).equals("ioctl")) {
                rules.add(rule(names.get(i), 7, new Arg(0, i, 0, CompareOp.LT)));
            }
        }
        SeccompPolicy p = policy(rules);
        FilterTarget t = new FilterTarget(arch, Set.of(), 6, 1);
        BpfProgram prog = FilterCompiler.compile(p, t);
        assertThat(prog.insns().size()).isGreaterThan(2000).isLessThanOrEqualTo(BpfProgram.MAX_INSNS);
        assertThat(prog.insns()).anyMatch(in -> in.code() == BpfProgram.JMP_JA && in.k() > 255);
        BpfInterpreter vm = new BpfInterpreter(prog);
        int ioctl = SyscallTable.of(arch).number("ioctl").orElseThrow();
        assertThat(vm.run(arch.auditArch(), ioctl, 3, 0x5400L + 199, 1L << 34)).isEqualTo(
                SeccompAction.RET_ERRNO | (1000 + 199));
        assertThat(vm.run(arch.auditArch(), ioctl, 3, 0x5400L + 199, 1)).isEqualTo(MISS);
        for (int nr = 0; nr <= SyscallTable.of(arch).max(); nr++) {
            for (long[] a : new long[][]{{0}, {1}, {400}, {3, 0x5400 + 7, 1L << 33}}) {
                assertThat(vm.run(arch.auditArch(), nr, a)).as("nr %d", nr)
                        .isEqualTo(ReferenceEvaluator.expected(p, t, arch.auditArch(), nr, a));
            }
        }
    }

    @Test
    void aPolicyTooLargeForTheKernelIsRefusedInOneLine() {
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            rules.add(rule("ioctl", 1, new Arg(1, i, 0, CompareOp.EQ)));
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FilterCompiler.compile(
                        new SeccompPolicy(new SeccompAction.Allow(), rules, "big.json"),
                        new FilterTarget(Arch.X86_64, Set.of(), 6, 1)))
                .isInstanceOf(SeccompPolicyException.class).hasMessageContaining("big.json")
                .hasMessageContaining("more than the kernel's 4096");
    }
}
