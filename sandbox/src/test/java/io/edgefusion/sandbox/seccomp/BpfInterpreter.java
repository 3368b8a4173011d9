package io.edgefusion.sandbox.seccomp;

import io.edgefusion.sandbox.seccomp.BpfProgram.Insn;

/**
 * Runs a seccomp BPF program the way the kernel does, on one {@code struct seccomp_data} (nr, arch, ip, six
 * 64-bit args, little-endian), checking what the kernel's checker would: known opcodes, aligned in-bounds loads,
 * jumps inside the program. Decodes from the bytes the helper is sent, so it tests exactly that.
 */
final class BpfInterpreter {
    private final Insn[] prog;

    BpfInterpreter(BpfProgram p) {
        this.prog = BpfProgram.ofBytes(p.bytes()).insns().toArray(Insn[]::new);
    }

    int run(long arch, int nr, long... args) {
        byte[] data = new byte[64];
        put32(data, 0, nr);
        put32(data, 4, (int) arch);
        for (int i = 0; i < args.length; i++) {
            put32(data, 16 + 8 * i, (int) args[i]);
            put32(data, 20 + 8 * i, (int) (args[i] >>> 32));
        }
        int a = 0;
        int pc = 0;
        for (int steps = 0; steps <= prog.length; steps++) {
            if (pc < 0 || pc >= prog.length) {
                throw new AssertionError("pc " + pc + " outside the program of " + prog.length);
            }
            Insn in = prog[pc];
            switch (in.code()) {
                case BpfProgram.LD_W_ABS -> {
                    if (in.k() < 0 || in.k() > 60 || in.k() % 4 != 0) {
                        throw new AssertionError("bad load offset " + in.k() + " at " + pc);
                    }
                    a = get32(data, in.k());
                    pc++;
                }
                case BpfProgram.ALU_AND_K -> {
                    a &= in.k();
                    pc++;
                }
                case BpfProgram.RET_K -> {
                    return in.k();
                }
                case BpfProgram.JMP_JA -> pc += 1 + in.k();
                case BpfProgram.JMP_JEQ_K -> pc += 1 + (a == in.k() ? in.jt() : in.jf());
                case BpfProgram.JMP_JGT_K -> pc += 1 + (Integer.compareUnsigned(a, in.k()) > 0 ? in.jt() : in.jf());
                case BpfProgram.JMP_JGE_K -> pc += 1 + (Integer.compareUnsigned(a, in.k()) >= 0 ? in.jt() : in.jf());
                case BpfProgram.JMP_JSET_K -> pc += 1 + ((a & in.k()) != 0 ? in.jt() : in.jf());
                default -> throw new AssertionError("opcode 0x" + Integer.toHexString(in.code()) + " at " + pc);
            }
        }
        throw new AssertionError("no ret reached (a backward jump?)");
    }

    private static void put32(byte[] b, int off, int v) {
        for (int i = 0; i < 4; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    private static int get32(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }
}
