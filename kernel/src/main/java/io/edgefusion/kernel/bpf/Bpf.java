package io.edgefusion.kernel.bpf;

import io.edgefusion.kernel.sys.ErrnoException;
import io.edgefusion.kernel.sys.FileSyscalls;
import io.edgefusion.kernel.sys.KernelException;
import io.edgefusion.kernel.sys.UnsupportedHost;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The {@code bpf(2)} commands a cgroup v2 device controller needs: load a device program and attach it to a
 * cgroup directory. Bound lazily (only v2 hosts pay for the downcall); errno is captured with the call.
 *
 * <p>Lifetime: an attached program is held by the cgroup, not by our fds, so both fds are closed right after the
 * attach; the program goes away with the cgroup ({@code rmdir}). {@code BPF_F_ALLOW_MULTI} keeps programs an
 * ancestor attached in force too: a child can only narrow what its parents allow.
 */
public final class Bpf {
    // linux/bpf.h
    static final int BPF_PROG_LOAD = 5;
    static final int BPF_PROG_ATTACH = 8;
    static final int BPF_PROG_TYPE_CGROUP_DEVICE = 15;
    static final int BPF_CGROUP_DEVICE = 6;
    static final int BPF_F_ALLOW_MULTI = 2;
    /** {@code union bpf_attr} is larger than this on new kernels; unused tail bytes must be zero. */
    private static final int ATTR_SIZE = 128;
    private static final int LOG_SIZE = 1 << 16;

    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static volatile MethodHandle syscall;

    private Bpf() {
    }

    /** {@code __NR_bpf}: the one number that differs between the architectures we run on. */
    static long sysBpf() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> 321;
            case "aarch64", "arm64" -> 280;
            case "arm" -> 386;
            default -> throw new UnsupportedHost("bpf(2): no syscall number known for architecture " + arch);
        };
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

    private static long bpf(Arena a, int cmd, MemorySegment attr) throws ErrnoException {
        MemorySegment cap = a.allocate(CAPTURE);
        try {
            while (true) {
                long rc = (long) handle().invokeExact(cap, sysBpf(), (long) cmd, attr, (long) ATTR_SIZE);
                if (rc >= 0) {
                    return rc;
                }
                int err = (int) ERRNO.get(cap, 0L);
                if (err != 4) { // EINTR
                    throw new ErrnoException("bpf", cmd == BPF_PROG_LOAD ? "BPF_PROG_LOAD" : "BPF_PROG_ATTACH", err);
                }
            }
        } catch (KernelException e) {
            throw e;
        } catch (Throwable t) {
            throw t instanceof RuntimeException r ? r : new IllegalStateException("bpf(2) failed", t);
        }
    }

    /**
     * Loads {@code program} as a cgroup device program; returns its fd. A verifier refusal is reported with the
     * verifier's log, which says which instruction it objected to.
     */
    public static int loadDeviceProgram(List<BpfInsn> program) {
        byte[] code = BpfInsn.encode(program);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment insns = a.allocate(code.length, 8);
            MemorySegment.copy(code, 0, insns, ValueLayout.JAVA_BYTE, 0, code.length);
            MemorySegment license = a.allocateFrom("Apache-2.0");
            MemorySegment attr = a.allocate(ATTR_SIZE, 8);
            attr.set(JAVA_INT, 0, BPF_PROG_TYPE_CGROUP_DEVICE);
            attr.set(JAVA_INT, 4, program.size());
            attr.set(JAVA_LONG, 8, insns.address());
            attr.set(JAVA_LONG, 16, license.address());
            try {
                return (int) bpf(a, BPF_PROG_LOAD, attr);
            } catch (ErrnoException first) {
                // Again with the verifier's log, only to explain the refusal.
                MemorySegment log = a.allocate(LOG_SIZE);
                attr.set(JAVA_INT, 24, 1);
                attr.set(JAVA_INT, 28, LOG_SIZE);
                attr.set(JAVA_LONG, 32, log.address());
                try {
                    return (int) bpf(a, BPF_PROG_LOAD, attr);
                } catch (ErrnoException second) {
                    String text = log.getString(0, StandardCharsets.UTF_8).strip();
                    throw new ErrnoException("bpf", "BPF_PROG_LOAD (device program of " + program.size()
                            + " instructions" + (text.isEmpty() ? "" : "; verifier: " + lastLines(text)) + ")",
                            second.errnoNumber());
                }
            }
        }
    }

    private static String lastLines(String log) {
        String[] lines = log.split("\n");
        return String.join(" | ", List.of(lines).subList(Math.max(0, lines.length - 3), lines.length));
    }

    /** Attaches a loaded device program to the cgroup2 directory {@code cgroupDir} (BPF_F_ALLOW_MULTI). */
    public static void attachDeviceProgram(int progFd, String cgroupDir) {
        int dirFd = FileSyscalls.openDir(FileSyscalls.AT_FDCWD, cgroupDir);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment attr = a.allocate(ATTR_SIZE, 8);
            attr.set(JAVA_INT, 0, dirFd);
            attr.set(JAVA_INT, 4, progFd);
            attr.set(JAVA_INT, 8, BPF_CGROUP_DEVICE);
            attr.set(JAVA_INT, 12, BPF_F_ALLOW_MULTI);
            try {
                bpf(a, BPF_PROG_ATTACH, attr);
            } catch (ErrnoException e) {
                throw new ErrnoException("bpf", "BPF_PROG_ATTACH " + cgroupDir, e.errnoNumber());
            }
        } finally {
            FileSyscalls.close(dirFd);
        }
    }

    /** Compiles, loads and attaches an allow-list to {@code cgroupDir}; the program outlives our fds. */
    public static void restrictDevices(String cgroupDir, List<io.edgefusion.kernel.cgroup.DeviceRule> allowed) {
        int fd = loadDeviceProgram(DeviceProgram.compile(allowed));
        try {
            attachDeviceProgram(fd, cgroupDir);
        } finally {
            FileSyscalls.close(fd);
        }
    }
}
