package io.edgefusion.sandbox.seccomp;

import java.util.HexFormat;
import java.util.List;

/**
 * A classic BPF program: {@code struct sock_filter { u16 code; u8 jt; u8 jf; u32 k; }} (linux/filter.h), in the
 * host's byte order (little-endian on both x86-64 and aarch64).
 */
public record BpfProgram(List<Insn> insns) {
    /** The kernel's limit on a filter's length (BPF_MAXINSNS). */
    public static final int MAX_INSNS = 4096;

    // Opcodes (linux/bpf_common.h): class | size | mode, class | op | source.
    public static final int LD_W_ABS = 0x20;
    public static final int ALU_AND_K = 0x54;
    public static final int JMP_JA = 0x05;
    public static final int JMP_JEQ_K = 0x15;
    public static final int JMP_JGT_K = 0x25;
    public static final int JMP_JGE_K = 0x35;
    public static final int JMP_JSET_K = 0x45;
    public static final int RET_K = 0x06;

    public BpfProgram {
        insns = List.copyOf(insns);
    }

    /** One instruction; {@code jt}/{@code jf} are 0..255 and {@code k} is unsigned 32-bit. */
    public record Insn(int code, int jt, int jf, int k) {
        public Insn {
            if (jt < 0 || jt > 255 || jf < 0 || jf > 255) {
                throw new IllegalArgumentException("jump offset out of range: jt " + jt + ", jf " + jf);
            }
        }
    }

    public byte[] bytes() {
        byte[] out = new byte[insns.size() * 8];
        int i = 0;
        for (Insn in : insns) {
            out[i] = (byte) in.code();
            out[i + 1] = (byte) (in.code() >>> 8);
            out[i + 2] = (byte) in.jt();
            out[i + 3] = (byte) in.jf();
            for (int b = 0; b < 4; b++) {
                out[i + 4 + b] = (byte) (in.k() >>> (8 * b));
            }
            i += 8;
        }
        return out;
    }

    /** The program as the helper's {@code seccomp} directive carries it: lower-case hex of {@link #bytes()}. */
    public String hex() {
        return HexFormat.of().formatHex(bytes());
    }

    /** Reads back {@link #bytes()} (tests decode what the helper is sent). */
    public static BpfProgram ofBytes(byte[] b) {
        if (b.length % 8 != 0) {
            throw new IllegalArgumentException("BPF program of " + b.length + " bytes: not a multiple of 8");
        }
        java.util.ArrayList<Insn> out = new java.util.ArrayList<>();
        for (int i = 0; i < b.length; i += 8) {
            int code = (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
            int k = (b[i + 4] & 0xff) | (b[i + 5] & 0xff) << 8 | (b[i + 6] & 0xff) << 16 | (b[i + 7] & 0xff) << 24;
            out.add(new Insn(code, b[i + 2] & 0xff, b[i + 3] & 0xff, k));
        }
        return new BpfProgram(out);
    }
}
