package io.edgefusion.sandbox.seccomp;

import io.edgefusion.sandbox.seccomp.BpfAssembler.Label;
import io.edgefusion.sandbox.seccomp.SeccompPolicy.Arg;
import io.edgefusion.sandbox.seccomp.SeccompPolicy.Condition;
import io.edgefusion.sandbox.seccomp.SeccompPolicy.Rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Compiles a policy to classic BPF for one architecture. Layout:
 * <ol>
 * <li>{@code seccomp_data.arch} must be the target's, else KILL_PROCESS (a 32-bit or foreign ABI would see other
 *     syscall numbers); on x86-64 an x32 number ({@code nr >= 0x40000000}) is killed too;</li>
 * <li>a binary search over the syscall number, by ranges of numbers with the same answer, ending in a
 *     {@code ret} or in the argument checks of that one syscall;</li>
 * <li>numbers above the highest one the table knows are syscalls newer than its headers: they fail ENOSYS
 *     (so libc falls back, as runc arranges) unless the default action allows everything anyway.</li>
 * </ol>
 * For one syscall, rules are tried in file order and the first that matches decides; a rule without argument
 * conditions always matches. Names the architecture does not have are skipped, as libseccomp does.
 */
public final class FilterCompiler {
    static final int OFF_NR = 0;
    static final int OFF_ARCH = 4;
    static final int OFF_ARGS = 16;
    static final int ENOSYS = 38;

    private FilterCompiler() {
    }

    /** One syscall's rules that apply to the target, in order, cut after the first unconditional one. */
    private record Entry(List<Arg> args, SeccompAction action) {
    }

    /** What a range of syscall numbers gets: a plain answer, or the argument checks of one syscall. */
    private sealed interface Outcome {
    }

    private record Answer(int ret) implements Outcome {
    }

    private record Checks(List<Entry> entries) implements Outcome {
    }

    private record Range(long lo, long hi, Outcome outcome) {
    }

    public static BpfProgram compile(SeccompPolicy policy, FilterTarget target) {
        SyscallTable table = SyscallTable.of(target.arch());
        Map<Integer, List<Entry>> byNr = new TreeMap<>();
        for (Rule r : policy.rules()) {
            if (!applies(r, target)) {
                continue;
            }
            for (String name : r.names()) {
                OptionalInt nr = table.number(name);
                if (nr.isEmpty()) {
                    continue; // not a syscall of this architecture (or newer than the table): skipped
                }
                List<Entry> list = byNr.computeIfAbsent(nr.getAsInt(), k -> new ArrayList<>());
                boolean closed = !list.isEmpty() && list.getLast().args().isEmpty();
                if (!closed) {
                    list.add(new Entry(r.args(), r.action()));
                }
            }
        }
        int dflt = policy.defaultAction().ret();
        boolean permissive = policy.defaultAction() instanceof SeccompAction.Allow
                || policy.defaultAction() instanceof SeccompAction.Log;
        int newer = permissive ? dflt : new SeccompAction.Errno(ENOSYS).ret();
        long top = target.arch() == Arch.X86_64 ? Arch.X32_SYSCALL_BIT - 1 : 0xffffffffL;

        List<Range> ranges = new ArrayList<>();
        for (int nr = 0; nr <= table.max(); nr++) {
            List<Entry> e = byNr.get(nr);
            Outcome o = e == null ? new Answer(dflt)
                    : e.size() == 1 && e.getFirst().args().isEmpty() ? new Answer(e.getFirst().action().ret())
                    : new Checks(e);
            add(ranges, nr, o);
        }
        add(ranges, table.max() + 1L, new Answer(newer));
        ranges.set(ranges.size() - 1, new Range(ranges.getLast().lo(), top, ranges.getLast().outcome()));

        BpfAssembler a = new BpfAssembler();
        Label kill = a.label();
        Label archOk = a.label();
        a.load(OFF_ARCH);
        a.jump(BpfProgram.JMP_JEQ_K, (int) target.arch().auditArch(), archOk, kill);
        a.bind(archOk);
        a.load(OFF_NR);
        if (target.arch() == Arch.X86_64) {
            Label native64 = a.label();
            a.jump(BpfProgram.JMP_JGE_K, (int) Arch.X32_SYSCALL_BIT, kill, native64);
            a.bind(native64);
        }
        search(a, ranges, 0, ranges.size() - 1, dflt);
        a.bind(kill);
        a.ret(SeccompAction.RET_KILL_PROCESS);
        BpfProgram p = a.assemble();
        if (p.insns().size() > BpfProgram.MAX_INSNS) {
            throw new SeccompPolicyException(policy.source() + ": compiles to " + p.insns().size()
                    + " BPF instructions, more than the kernel's " + BpfProgram.MAX_INSNS);
        }
        return p;
    }

    static boolean applies(Rule r, FilterTarget t) {
        Condition inc = r.includes();
        if (!t.caps().containsAll(inc.caps())) {
            return false;
        }
        if (!inc.arches().isEmpty() && inc.arches().stream().noneMatch(t.arch()::matches)) {
            return false;
        }
        if (inc.minKernel() != null && !t.kernelAtLeast(inc.minKernel())) {
            return false;
        }
        Condition exc = r.excludes();
        if (exc.caps().stream().anyMatch(t.caps()::contains)) {
            return false;
        }
        return exc.arches().stream().noneMatch(t.arch()::matches);
    }

    /** Extends the last range when {@code nr} gets the same plain answer, else starts a new one. */
    private static void add(List<Range> ranges, long nr, Outcome o) {
        if (!ranges.isEmpty() && o instanceof Answer ans && ranges.getLast().outcome() instanceof Answer last
                && last.ret() == ans.ret()) {
            ranges.set(ranges.size() - 1, new Range(ranges.getLast().lo(), nr, o));
        } else {
            ranges.add(new Range(nr, nr, o));
        }
    }

    /** A holds the syscall number, known to lie within ranges[from..to]. */
    private static void search(BpfAssembler a, List<Range> ranges, int from, int to, int dflt) {
        if (from == to) {
            switch (ranges.get(from).outcome()) {
                case Answer ans -> a.ret(ans.ret());
                case Checks c -> checks(a, c.entries(), dflt);
            }
            return;
        }
        int mid = (from + to + 1) / 2;
        Label left = a.label();
        Label right = a.label();
        a.jump(BpfProgram.JMP_JGE_K, (int) ranges.get(mid).lo(), right, left);
        a.bind(left);
        search(a, ranges, from, mid - 1, dflt);
        a.bind(right);
        search(a, ranges, mid, to, dflt);
    }

    private static void checks(BpfAssembler a, List<Entry> entries, int dflt) {
        for (Entry e : entries) {
            Label next = a.label();
            for (Arg arg : e.args()) {
                Label ok = a.label();
                compare(a, arg, ok, next);
                a.bind(ok);
            }
            a.ret(e.action().ret());
            a.bind(next);
            if (e.args().isEmpty()) {
                return; // an unconditional rule is always the last entry; nothing after it is reachable
            }
        }
        a.ret(dflt);
    }

    /** {@code args[i] op value} on the whole 64 bits: the high halves decide unless they are equal. */
    static void compare(BpfAssembler a, Arg arg, Label t, Label f) {
        int lo = OFF_ARGS + 8 * arg.index();
        int hi = lo + 4;
        int vhi = (int) (arg.value() >>> 32);
        int vlo = (int) arg.value();
        switch (arg.op()) {
            case EQ, NE -> {
                Label yes = arg.op() == CompareOp.EQ ? t : f;
                Label no = arg.op() == CompareOp.EQ ? f : t;
                Label low = a.label();
                a.load(hi);
                a.jump(BpfProgram.JMP_JEQ_K, vhi, low, no);
                a.bind(low);
                a.load(lo);
                a.jump(BpfProgram.JMP_JEQ_K, vlo, yes, no);
            }
            case GT, GE, LT, LE -> {
                // GT and GE directly; LT = !GE and LE = !GT with the targets swapped.
                boolean strict = arg.op() == CompareOp.GT || arg.op() == CompareOp.LE;
                boolean negate = arg.op() == CompareOp.LT || arg.op() == CompareOp.LE;
                Label yes = negate ? f : t;
                Label no = negate ? t : f;
                Label sameHigh = a.label();
                Label low = a.label();
                a.load(hi);
                a.jump(BpfProgram.JMP_JGT_K, vhi, yes, sameHigh);
                a.bind(sameHigh);
                a.jump(BpfProgram.JMP_JEQ_K, vhi, low, no);
                a.bind(low);
                a.load(lo);
                a.jump(strict ? BpfProgram.JMP_JGT_K : BpfProgram.JMP_JGE_K, vlo, yes, no);
            }
            case MASKED_EQ -> {
                Label low = a.label();
                a.load(hi);
                a.and(vhi);
                a.jump(BpfProgram.JMP_JEQ_K, (int) (arg.valueTwo() >>> 32), low, f);
                a.bind(low);
                a.load(lo);
                a.and(vlo);
                a.jump(BpfProgram.JMP_JEQ_K, (int) arg.valueTwo(), t, f);
            }
        }
    }
}
