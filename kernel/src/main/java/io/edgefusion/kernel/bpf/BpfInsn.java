package io.edgefusion.kernel.bpf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * One eBPF instruction ({@code struct bpf_insn}, linux/bpf.h): opcode, destination and source register, a signed
 * 16-bit jump offset and a signed 32-bit immediate; eight bytes in the machine's byte order. Only the handful of
 * opcodes a device program needs are named.
 */
public record BpfInsn(int code, int dst, int src, int off, int imm) {
    // Opcode = class | op | source (BPF_K immediate, BPF_X register).
    static final int LDX_MEM_W = 0x61;   // BPF_LDX | BPF_MEM | BPF_W: dst = *(u32 *)(src + off)
    static final int ALU64_AND_K = 0x57; // BPF_ALU64 | BPF_AND | BPF_K
    static final int ALU64_RSH_K = 0x77; // BPF_ALU64 | BPF_RSH | BPF_K
    static final int ALU64_MOV_K = 0xb7; // BPF_ALU64 | BPF_MOV | BPF_K
    static final int ALU64_MOV_X = 0xbf; // BPF_ALU64 | BPF_MOV | BPF_X
    static final int JMP_JNE_K = 0x55;   // BPF_JMP | BPF_JNE | BPF_K
    static final int JMP_JNE_X = 0x5d;   // BPF_JMP | BPF_JNE | BPF_X
    static final int JMP_EXIT = 0x95;    // BPF_JMP | BPF_EXIT

    public BpfInsn {
        if (dst < 0 || dst > 10 || src < 0 || src > 10) {
            throw new IllegalArgumentException("eBPF has registers r0..r10");
        }
        if (off < Short.MIN_VALUE || off > Short.MAX_VALUE) {
            throw new IllegalArgumentException("jump offset " + off + " does not fit 16 bits");
        }
    }

    static BpfInsn ldxw(int dst, int src, int off) {
        return new BpfInsn(LDX_MEM_W, dst, src, off, 0);
    }

    static BpfInsn and(int dst, int imm) {
        return new BpfInsn(ALU64_AND_K, dst, 0, 0, imm);
    }

    static BpfInsn rsh(int dst, int imm) {
        return new BpfInsn(ALU64_RSH_K, dst, 0, 0, imm);
    }

    static BpfInsn mov(int dst, int imm) {
        return new BpfInsn(ALU64_MOV_K, dst, 0, 0, imm);
    }

    static BpfInsn movReg(int dst, int src) {
        return new BpfInsn(ALU64_MOV_X, dst, src, 0, 0);
    }

    /** {@code if dst != imm goto pc + 1 + off}. */
    static BpfInsn jne(int dst, int imm, int off) {
        return new BpfInsn(JMP_JNE_K, dst, 0, off, imm);
    }

    /** {@code if dst != src goto pc + 1 + off}. */
    static BpfInsn jneReg(int dst, int src, int off) {
        return new BpfInsn(JMP_JNE_X, dst, src, off, 0);
    }

    static BpfInsn exit() {
        return new BpfInsn(JMP_EXIT, 0, 0, 0, 0);
    }

    /** The same instruction with another jump offset (a forward jump patched once its target is known). */
    BpfInsn withOff(int newOff) {
        return new BpfInsn(code, dst, src, newOff, imm);
    }

    /** The program as the kernel reads it: {@code dst_reg} in the low nibble on little-endian machines. */
    public static byte[] encode(List<BpfInsn> program) {
        ByteOrder order = ByteOrder.nativeOrder();
        ByteBuffer b = ByteBuffer.allocate(program.size() * 8).order(order);
        for (BpfInsn i : program) {
            b.put((byte) i.code);
            b.put((byte) (order == ByteOrder.LITTLE_ENDIAN ? (i.src << 4) | i.dst : (i.dst << 4) | i.src));
            b.putShort((short) i.off);
            b.putInt(i.imm);
        }
        return b.array();
    }
}
