package io.edgefusion.kernel.bpf;

import io.edgefusion.kernel.sys.ErrnoException;
import io.edgefusion.kernel.sys.FileSyscalls;
import io.edgefusion.kernel.sys.UnsupportedHost;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Cuts a cgroup off the network without touching any interface: a {@code BPF_PROG_TYPE_CGROUP_SKB} program that
 * returns 0 ("drop") attached to the cgroup2 directory for both {@code BPF_CGROUP_INET_INGRESS} and
 * {@code INET_EGRESS}. Every packet to or from a socket created by the cgroup's tasks is dropped (egress
 * senders see EPERM), which is what isolating a workload that shares the host's network namespace needs: the
 * host's interfaces must stay up for everyone else. Like the device program it is held by the cgroup and goes
 * with it; {@code BPF_F_ALLOW_MULTI} keeps whatever else is attached in force.
 */
public final class SkbDrop {
    static final int BPF_PROG_LOAD = 5;
    static final int BPF_PROG_ATTACH = 8;
    static final int BPF_PROG_QUERY = 16;
    static final int BPF_PROG_TYPE_CGROUP_SKB = 8;
    public static final int BPF_CGROUP_INET_INGRESS = 0;
    public static final int BPF_CGROUP_INET_EGRESS = 1;
    static final int BPF_F_ALLOW_MULTI = 2;
    private static final int ATTR_SIZE = 128;
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static volatile MethodHandle syscall;

    private SkbDrop() {
    }

    /** {@code r0 = 0; exit}: the verdict "drop" for every packet. */
    static List<BpfInsn> program() {
        return List.of(BpfInsn.mov(0, 0), BpfInsn.exit());
    }

    /** Attaches the drop program to ingress and egress of cgroup2 directory {@code cgroupDir}. */
    public static void attach(String cgroupDir) {
        int prog = load();
        try {
            int dir = FileSyscalls.openDir(FileSyscalls.AT_FDCWD, cgroupDir);
            try {
                for (int type : new int[] {BPF_CGROUP_INET_INGRESS, BPF_CGROUP_INET_EGRESS}) {
                    try (Arena a = Arena.ofConfined()) {
                        MemorySegment attr = a.allocate(ATTR_SIZE, 8);
                        attr.set(JAVA_INT, 0, dir);
                        attr.set(JAVA_INT, 4, prog);
                        attr.set(JAVA_INT, 8, type);
                        attr.set(JAVA_INT, 12, BPF_F_ALLOW_MULTI);
                        bpf(a, BPF_PROG_ATTACH, attr, "BPF_PROG_ATTACH " + cgroupDir);
                    }
                }
            } finally {
                FileSyscalls.close(dir);
            }
        } finally {
            FileSyscalls.close(prog);
        }
    }

    /** How many programs are attached to {@code cgroupDir} for {@code attachType} (BPF_PROG_QUERY). */
    public static int attached(String cgroupDir, int attachType) {
        int dir = FileSyscalls.openDir(FileSyscalls.AT_FDCWD, cgroupDir);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment attr = a.allocate(ATTR_SIZE, 8);
            attr.set(JAVA_INT, 0, dir);
            attr.set(JAVA_INT, 4, attachType);
            bpf(a, BPF_PROG_QUERY, attr, "BPF_PROG_QUERY " + cgroupDir);
            return attr.get(JAVA_INT, 24);
        } finally {
            FileSyscalls.close(dir);
        }
    }

    private static int load() {
        byte[] code = BpfInsn.encode(program());
        try (Arena a = Arena.ofConfined()) {
            MemorySegment insns = a.allocate(code.length, 8);
            MemorySegment.copy(code, 0, insns, ValueLayout.JAVA_BYTE, 0, code.length);
            MemorySegment license = a.allocateFrom("Apache-2.0");
            MemorySegment attr = a.allocate(ATTR_SIZE, 8);
            attr.set(JAVA_INT, 0, BPF_PROG_TYPE_CGROUP_SKB);
            attr.set(JAVA_INT, 4, program().size());
            attr.set(JAVA_LONG, 8, insns.address());
            attr.set(JAVA_LONG, 16, license.address());
            return (int) bpf(a, BPF_PROG_LOAD, attr, "BPF_PROG_LOAD (cgroup skb drop)");
        }
    }

    private static long bpf(Arena a, int cmd, MemorySegment attr, String what) {
        MemorySegment cap = a.allocate(CAPTURE);
        try {
            while (true) {
                long rc = (long) handle().invokeExact(cap, Bpf.sysBpf(), (long) cmd, attr, (long) ATTR_SIZE);
                if (rc >= 0) {
                    return rc;
                }
                int err = (int) ERRNO.get(cap, 0L);
                if (err != 4) { // EINTR
                    throw new ErrnoException("bpf", what, err);
                }
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("bpf(2) failed", t);
        }
    }

    private static MethodHandle handle() {
        MethodHandle h = syscall;
        if (h == null) {
            Linker linker = Linker.nativeLinker();
            MemorySegment sym = linker.defaultLookup().find("syscall")
                    .orElseThrow(() -> new UnsupportedHost("libc has no symbol syscall"));
            h = linker.downcallHandle(sym, FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG),
                    Linker.Option.captureCallState("errno"), Linker.Option.firstVariadicArg(1));
            syscall = h;
        }
        return h;
    }
}
