package io.edgefusion.sandbox.seccomp;

import io.edgefusion.sandbox.seccomp.BpfProgram.Insn;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Classic BPF with symbolic, forward-only labels. A conditional jump reaches at most 255 instructions
 * ({@code jt}/{@code jf} are 8 bits); one that must go further is rewritten as {@code jcond +0/+1; ja T; ja F}
 * ({@code ja} has a 32-bit offset), and layout is repeated until every jump fits.
 */
final class BpfAssembler {
    /** A position in the program, bound once with {@link #bind}. */
    static final class Label {
    }

    private sealed interface Item permits Stmt, Cond, Ja, Bind {
    }

    private record Stmt(int code, int k) implements Item {
    }

    private record Cond(int code, int k, Label t, Label f) implements Item {
    }

    private record Ja(Label target) implements Item {
    }

    private record Bind(Label label) implements Item {
    }

    private final List<Item> items = new ArrayList<>();

    Label label() {
        return new Label();
    }

    void bind(Label l) {
        items.add(new Bind(l));
    }

    /** {@code A = *(u32 *)(seccomp_data + offset)}. */
    void load(int offset) {
        items.add(new Stmt(BpfProgram.LD_W_ABS, offset));
    }

    void and(int k) {
        items.add(new Stmt(BpfProgram.ALU_AND_K, k));
    }

    void ret(int k) {
        items.add(new Stmt(BpfProgram.RET_K, k));
    }

    /** {@code if (A op k) goto t; else goto f;} with op one of JEQ, JGT, JGE, JSET (unsigned 32-bit). */
    void jump(int code, int k, Label t, Label f) {
        items.add(new Cond(code, k, t, f));
    }

    void ja(Label target) {
        items.add(new Ja(target));
    }

    BpfProgram assemble() {
        Set<Cond> far = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (;;) {
            Map<Label, Integer> at = layout(far);
            Set<Cond> more = new HashSet<>();
            int pc = 0;
            for (Item it : items) {
                if (it instanceof Cond c && !far.contains(c)) {
                    if (offset(at, c.t(), pc) > 255 || offset(at, c.f(), pc) > 255) {
                        more.add(c);
                    }
                }
                pc += size(it, far);
            }
            if (more.isEmpty()) {
                return emit(at, far);
            }
            far.addAll(more);
        }
    }

    private Map<Label, Integer> layout(Set<Cond> far) {
        Map<Label, Integer> at = new IdentityHashMap<>();
        int pc = 0;
        for (Item it : items) {
            if (it instanceof Bind b) {
                if (at.put(b.label(), pc) != null) {
                    throw new IllegalStateException("BPF label bound twice");
                }
            }
            pc += size(it, far);
        }
        return at;
    }

    private static int size(Item it, Set<Cond> far) {
        return switch (it) {
            case Bind b -> 0;
            case Cond c -> far.contains(c) ? 3 : 1;
            case Stmt s -> 1;
            case Ja j -> 1;
        };
    }

    /** Instructions skipped by a jump at {@code pc} to {@code l} (jumps are relative to the next instruction). */
    private static int offset(Map<Label, Integer> at, Label l, int pc) {
        Integer to = at.get(l);
        if (to == null) {
            throw new IllegalStateException("BPF label never bound");
        }
        int off = to - pc - 1;
        if (off < 0) {
            throw new IllegalStateException("BPF jumps only forward");
        }
        return off;
    }

    private BpfProgram emit(Map<Label, Integer> at, Set<Cond> far) {
        List<Insn> out = new ArrayList<>();
        for (Item it : items) {
            int pc = out.size();
            switch (it) {
                case Bind b -> {
                }
                case Stmt s -> out.add(new Insn(s.code(), 0, 0, s.k()));
                case Ja j -> out.add(new Insn(BpfProgram.JMP_JA, 0, 0, offset(at, j.target(), pc)));
                case Cond c when far.contains(c) -> {
                    out.add(new Insn(c.code(), 0, 1, c.k()));
                    out.add(new Insn(BpfProgram.JMP_JA, 0, 0, offset(at, c.t(), pc + 1)));
                    out.add(new Insn(BpfProgram.JMP_JA, 0, 0, offset(at, c.f(), pc + 2)));
                }
                case Cond c -> out.add(new Insn(c.code(), offset(at, c.t(), pc), offset(at, c.f(), pc), c.k()));
            }
        }
        return new BpfProgram(out);
    }
}
