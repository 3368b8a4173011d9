package io.edgefusion.sandbox.seccomp;

import io.edgefusion.sandbox.seccomp.SeccompPolicy.Arg;
import io.edgefusion.sandbox.seccomp.SeccompPolicy.Rule;

/** What a policy means, evaluated directly on its model: the answer the compiled BPF must give. */
final class ReferenceEvaluator {
    private ReferenceEvaluator() {
    }

    static int expected(SeccompPolicy p, FilterTarget t, long arch, int nr, long... args) {
        if (arch != t.arch().auditArch()) {
            return SeccompAction.RET_KILL_PROCESS;
        }
        if (t.arch() == Arch.X86_64 && Integer.toUnsignedLong(nr) >= Arch.X32_SYSCALL_BIT) {
            return SeccompAction.RET_KILL_PROCESS;
        }
        SyscallTable table = SyscallTable.of(t.arch());
        if (Integer.toUnsignedLong(nr) > table.max()) {
            boolean permissive = p.defaultAction() instanceof SeccompAction.Allow
                    || p.defaultAction() instanceof SeccompAction.Log;
            return permissive ? p.defaultAction().ret() : new SeccompAction.Errno(38).ret();
        }
        for (Rule r : p.rules()) {
            if (!FilterCompiler.applies(r, t)) {
                continue;
            }
            boolean named = r.names().stream().anyMatch(n -> table.number(n).orElse(-1) == nr);
            if (!named) {
                continue;
            }
            boolean all = true;
            for (Arg a : r.args()) {
                long v = a.index() < args.length ? args[a.index()] : 0;
                all &= a.op().test(v, a.value(), a.valueTwo());
            }
            if (all) {
                return r.action().ret();
            }
        }
        return p.defaultAction().ret();
    }
}
