package io.edgefusion.kernel.bpf;

import io.edgefusion.kernel.sys.ErrnoException;
import io.edgefusion.kernel.sys.FileSyscalls;
import io.edgefusion.kernel.sys.KernelException;
import io.edgefusion.kernel.sys.UnsupportedHost;
import io.edgefusion.kernel.sys.arch.Arch;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.edgefusion.kernel.bpf.BpfAbi.*;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The {@code bpf(2)} commands cgroup programs need: load a program, attach it to and detach it from a cgroup2
 * directory. Bound lazily (only hosts that use bpf pay for the downcall); errno is captured with the call.
 *
 * <p>Lifetime: an attached program is held by the cgroup, not by our fds, so program fds can be closed right after
 * the attach; the program goes away with the cgroup ({@code rmdir}) or an explicit detach. {@code BPF_F_ALLOW_MULTI}
 * keeps programs an ancestor attached in force too: a child can only narrow what its parents allow.
 */
public final class Bpf {
    /** {@code union bpf_attr} is larger than this on new kernels; unused tail bytes must be zero. */
    static final int ATTR_SIZE = 128;
    private static final int LOG_SIZE = 1 << 16;

    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static volatile MethodHandle syscall;

    private Bpf() {
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

    /** {@code bpf(cmd, attr, ATTR_SIZE)}, retried on EINTR; {@code what} names the command in the error. */
    static long call(Arena a, int cmd, String what, MemorySegment attr) throws ErrnoException {
        MemorySegment cap = a.allocate(CAPTURE);
        long nr = Arch.current().sysBpf();
        try {
            while (true) {
                long rc = (long) handle().invokeExact(cap, nr, (long) cmd, attr, (long) ATTR_SIZE);
                if (rc >= 0) {
                    return rc;
                }
                int err = (int) ERRNO.get(cap, 0L);
                if (err != 4) { // EINTR
                    throw new ErrnoException("bpf", what, err);
                }
            }
        } catch (KernelException e) {
            throw e;
        } catch (Throwable t) {
            throw t instanceof RuntimeException r ? r : new IllegalStateException("bpf(2) failed", t);
        }
    }

    static MemorySegment attr(Arena a) {
        return a.allocate(ATTR_SIZE, 8);
    }

    /** Copies {@code name} (at most 15 bytes of [A-Za-z0-9_.]) into a {@code char[BPF_OBJ_NAME_LEN]} field. */
    static void putName(MemorySegment attr, long offset, String name) {
        byte[] b = name.getBytes(StandardCharsets.US_ASCII);
        if (b.length >= BPF_OBJ_NAME_LEN || !name.matches("[A-Za-z0-9_.]*")) {
            throw new IllegalArgumentException("bpf object name '" + name + "': at most 15 of [A-Za-z0-9_.]");
        }
        MemorySegment.copy(b, 0, attr, ValueLayout.JAVA_BYTE, offset, b.length);
    }

    /**
     * Loads {@code program} with type {@code progType} (and {@code expectedAttachType} for types that need it, else
     * 0); returns its fd. A verifier refusal is reported with the verifier's log, which says which instruction it
     * objected to.
     */
    static int load(int progType, int expectedAttachType, String name, List<BpfInsn> program) {
        byte[] code = BpfInsn.encode(program);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment insns = a.allocate(code.length, 8);
            MemorySegment.copy(code, 0, insns, ValueLayout.JAVA_BYTE, 0, code.length);
            MemorySegment license = a.allocateFrom("Apache-2.0");
            MemorySegment attr = attr(a);
            attr.set(JAVA_INT, LOAD_PROG_TYPE, progType);
            attr.set(JAVA_INT, LOAD_INSN_CNT, program.size());
            attr.set(JAVA_LONG, LOAD_INSNS, insns.address());
            attr.set(JAVA_LONG, LOAD_LICENSE, license.address());
            putName(attr, LOAD_PROG_NAME, name);
            attr.set(JAVA_INT, LOAD_EXPECTED_ATTACH_TYPE, expectedAttachType);
            try {
                return (int) call(a, BPF_PROG_LOAD, "BPF_PROG_LOAD " + name, attr);
            } catch (ErrnoException first) {
                // Again with the verifier's log, only to explain the refusal.
                MemorySegment log = a.allocate(LOG_SIZE);
                attr.set(JAVA_INT, LOAD_LOG_LEVEL, 1);
                attr.set(JAVA_INT, LOAD_LOG_SIZE, LOG_SIZE);
                attr.set(JAVA_LONG, LOAD_LOG_BUF, log.address());
                try {
                    return (int) call(a, BPF_PROG_LOAD, "BPF_PROG_LOAD " + name, attr);
                } catch (ErrnoException second) {
                    String text = log.getString(0, StandardCharsets.UTF_8).strip();
                    throw new ErrnoException("bpf", "BPF_PROG_LOAD (" + name + ", " + program.size()
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

    /** BPF_PROG_ATTACH or BPF_PROG_DETACH of {@code progFd} at {@code point} of cgroup2 directory {@code cgroupDir}. */
    private static void attachOrDetach(int cmd, int progFd, String cgroupDir, CgroupAttachPoint point) {
        int dirFd = FileSyscalls.openDir(FileSyscalls.AT_FDCWD, cgroupDir);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment attr = attr(a);
            attr.set(JAVA_INT, ATTACH_TARGET_FD, dirFd);
            attr.set(JAVA_INT, ATTACH_BPF_FD, progFd);
            attr.set(JAVA_INT, ATTACH_TYPE, point.attachType());
            attr.set(JAVA_INT, ATTACH_FLAGS, cmd == BPF_PROG_ATTACH ? BPF_F_ALLOW_MULTI : 0);
            call(a, cmd, (cmd == BPF_PROG_ATTACH ? "BPF_PROG_ATTACH " : "BPF_PROG_DETACH ") + point + " "
                    + cgroupDir, attr);
        } finally {
            FileSyscalls.close(dirFd);
        }
    }

    /** Attaches a loaded program to the cgroup2 directory {@code cgroupDir} at {@code point} (BPF_F_ALLOW_MULTI). */
    public static void attach(int progFd, String cgroupDir, CgroupAttachPoint point) {
        attachOrDetach(BPF_PROG_ATTACH, progFd, cgroupDir, point);
    }

    /** Detaches the program {@code progFd} refers to from {@code cgroupDir} at {@code point}. */
    public static void detach(int progFd, String cgroupDir, CgroupAttachPoint point) {
        attachOrDetach(BPF_PROG_DETACH, progFd, cgroupDir, point);
    }

    /** Loads {@code program} as a cgroup device program; returns its fd. */
    public static int loadDeviceProgram(List<BpfInsn> program) {
        return load(BPF_PROG_TYPE_CGROUP_DEVICE, 0, "ef_devices", program);
    }

    /** Attaches a loaded device program to the cgroup2 directory {@code cgroupDir} (BPF_F_ALLOW_MULTI). */
    public static void attachDeviceProgram(int progFd, String cgroupDir) {
        attach(progFd, cgroupDir, CgroupAttachPoint.DEVICE);
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
