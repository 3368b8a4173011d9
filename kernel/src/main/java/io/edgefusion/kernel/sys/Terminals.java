package io.edgefusion.kernel.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/** Whether an fd is a terminal ({@code isatty(3)}), for {@code -t}'s choice of relay and what may be handed. */
public final class Terminals {
    private static final int O_NOCTTY = 0400; // x86-64 and arm64 alike (asm-generic)
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;

    private static volatile MethodHandle isatty;

    private Terminals() {
    }

    /**
     * Whether fd {@code fd} of process {@code pid} is a terminal (-1: no fd, not one). Another process's fd is
     * judged through {@code /proc/PID/fd/FD}: only a character device is opened (without becoming anyone's
     * controlling terminal, without blocking), so a caller's FIFO or socket is never opened by us.
     */
    public static boolean isTerminal(long pid, int fd) {
        if (fd < 0) {
            return false;
        }
        if (pid == ProcessHandle.current().pid()) {
            return isTerminal(fd);
        }
        Path p = Path.of("/proc", Long.toString(pid), "fd", Integer.toString(fd));
        try {
            if (((int) Files.getAttribute(p, "unix:mode") & S_IFMT) != S_IFCHR) {
                return false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat " + p, e);
        }
        int own = FileSyscalls.openat(FileSyscalls.AT_FDCWD, p.toString(),
                Libc.O_RDONLY | O_NOCTTY | FileSyscalls.O_NONBLOCK | Libc.O_CLOEXEC, 0);
        try {
            return isTerminal(own);
        } finally {
            FileSyscalls.close(own);
        }
    }

    public static boolean isTerminal(int fd) {
        MethodHandle h = isatty;
        if (h == null) {
            h = Libc.downcall("isatty", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
            isatty = h;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment capture = a.allocate(Libc.CAPTURE_LAYOUT);
            return (int) h.invokeExact(capture, fd) == 1;
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }
}
