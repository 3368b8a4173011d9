package io.edgefusion.kernel.bpf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * One eBPF instruction ({@code struct bpf_insn}, linux/bpf.h): opcode, destination and source register, a signed
 * 16-bit jump offset and a signed 32-bit immediate; eight bytes in the machine's byte order. Only the opcodes the
 * device and bind programs need are named (their values are checked against linux/bpf.h by
 * BpfConstantsMatchHeadersTest).
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
    static final int JMP_JEQ_K = 0x15;   // BPF_JMP | BPF_JEQ | BPF_K
    static final int JMP_JA = 0x05;      // BPF_JMP | BPF_JA
    static final int JMP_CALL = 0x85;    // BPF_JMP | BPF_CALL
    static final int JMP32_JNE_K = 0x56; // BPF_JMP32 | BPF_JNE | BPF_K: compares the low 32 bits, no sign extension
    static final int ALU64_ADD_K = 0x07; // BPF_ALU64 | BPF_ADD | BPF_K
    static final int ALU64_OR_X = 0x4f;  // BPF_ALU64 | BPF_OR | BPF_X
    static final int ALU64_LSH_K = 0x67; // BPF_ALU64 | BPF_LSH | BPF_K
    static final int LD_IMM_DW = 0x18;   // BPF_LD | BPF_IMM | BPF_DW: two slots, a 64-bit immediate
    static final int ST_MEM_W = 0x62;    // BPF_ST | BPF_MEM | BPF_W: *(u32 *)(dst + off) = imm
    static final int STX_MEM_DW = 0x7b;  // BPF_STX | BPF_MEM | BPF_DW: *(u64 *)(dst + off) = src
    static final int STX_ATOMIC_DW = 0xdb; // BPF_STX | BPF_ATOMIC | BPF_DW, imm BPF_ADD: lock *(u64 *)(dst + off) += src
    static final int ATOMIC_ADD = 0x00;  // BPF_ADD as the atomic operation

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

    static BpfInsn jeq(int dst, int imm, int off) {
        return new BpfInsn(JMP_JEQ_K, dst, 0, off, imm);
    }

    /** {@code if (u32) dst != (u32) imm goto pc + 1 + off}: for values with bit 31 set (addresses, ports). */
    static BpfInsn jne32(int dst, int imm, int off) {
        return new BpfInsn(JMP32_JNE_K, dst, 0, off, imm);
    }

    static BpfInsn ja(int off) {
        return new BpfInsn(JMP_JA, 0, 0, off, 0);
    }

    /** Calls helper {@code id}: arguments in r1..r5, result in r0; r1..r5 are clobbered, r6..r9 kept. */
    static BpfInsn call(int helper) {
        return new BpfInsn(JMP_CALL, 0, 0, 0, helper);
    }

    static BpfInsn add(int dst, int imm) {
        return new BpfInsn(ALU64_ADD_K, dst, 0, 0, imm);
    }

    static BpfInsn orReg(int dst, int src) {
        return new BpfInsn(ALU64_OR_X, dst, src, 0, 0);
    }

    static BpfInsn lsh(int dst, int imm) {
        return new BpfInsn(ALU64_LSH_K, dst, 0, 0, imm);
    }

    /** {@code dst = map}: the two-slot load of a map by fd ({@code BPF_PSEUDO_MAP_FD}), replaced by the kernel. */
    static List<BpfInsn> loadMapFd(int dst, int mapFd) {
        return List.of(new BpfInsn(LD_IMM_DW, dst, BpfAbi.BPF_PSEUDO_MAP_FD, 0, mapFd), new BpfInsn(0, 0, 0, 0, 0));
    }

    static BpfInsn stw(int dst, int off, int imm) {
        return new BpfInsn(ST_MEM_W, dst, 0, off, imm);
    }

    static BpfInsn stxdw(int dst, int off, int src) {
        return new BpfInsn(STX_MEM_DW, dst, src, off, 0);
    }

    static BpfInsn atomicAdd(int dst, int off, int src) {
        return new BpfInsn(STX_ATOMIC_DW, dst, src, off, ATOMIC_ADD);
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
