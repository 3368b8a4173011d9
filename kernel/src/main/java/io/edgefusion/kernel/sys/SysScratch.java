package io.edgefusion.kernel.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * Per-thread native memory for the fd-relative file calls: the errno capture, two path buffers (calls such as
 * {@code linkat} take two names), a data buffer and small structs. An unpack makes several calls per tar entry;
 * allocating an arena for each would cost more than the syscalls themselves.
 */
final class SysScratch {
    static final int PATH_MAX = 4096;
    static final int DATA = 256 * 1024;
    private static final ThreadLocal<SysScratch> CURRENT = ThreadLocal.withInitial(SysScratch::new);

    private final Arena arena = Arena.ofAuto();
    final MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
    final MemorySegment path1 = arena.allocate(PATH_MAX);
    final MemorySegment path2 = arena.allocate(PATH_MAX);
    final MemorySegment data = arena.allocate(DATA, 16);
    /** {@code struct open_how}, {@code struct timespec[2]}, {@code struct xattr_args}: at most 32 bytes. */
    final MemorySegment small = arena.allocate(32, 8);
    final MemorySegment statx = arena.allocate(FileSyscalls.STATX_SIZE, 8);

    static SysScratch get() {
        return CURRENT.get();
    }

    int errno() {
        return Libc.errno(capture);
    }

    /** Copies {@code s} NUL-terminated into {@code buf}; ENAMETOOLONG (named after {@code call}) when too long. */
    static MemorySegment cString(MemorySegment buf, String s, String call) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length >= PATH_MAX) {
            throw new ErrnoException(call, s.substring(0, Math.min(80, s.length())) + "…",
                    Errno.ENAMETOOLONG.number());
        }
        for (byte x : b) {
            if (x == 0) {
                throw new ErrnoException(call, s.replace('\0', '?'), Errno.EINVAL.number());
            }
        }
        MemorySegment.copy(b, 0, buf, JAVA_BYTE, 0, b.length);
        buf.set(JAVA_BYTE, b.length, (byte) 0);
        return buf;
    }

    MemorySegment p1(String s, String call) {
        return cString(path1, s, call);
    }

    /** A name as the kernel gave it (readdir), bytes that need not be UTF-8; never longer than NAME_MAX. */
    MemorySegment p1(byte[] b) {
        MemorySegment.copy(b, 0, path1, JAVA_BYTE, 0, b.length);
        path1.set(JAVA_BYTE, b.length, (byte) 0);
        return path1;
    }

    MemorySegment p2(String s, String call) {
        return cString(path2, s, call);
    }
}
