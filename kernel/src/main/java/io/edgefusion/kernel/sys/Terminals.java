package io.edgefusion.kernel.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/** Whether an fd of this process is a terminal ({@code isatty(3)}), for {@code -t}'s choice of relay. */
public final class Terminals {
    private static volatile MethodHandle isatty;

    private Terminals() {
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
