package io.edgefusion.hal.serial.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The libc terminal calls the serial driver needs, through {@code java.lang.foreign} with errno captured at the
 * call. A driver may talk to the kernel (the platform itself does not), so these bindings live here, not in
 * {@code platform}. Failures throw {@link IOException} naming the call and errno.
 */
public final class Tty {
    // asm-generic values, the same on x86-64 and aarch64 (TtyConstantsMatchHeadersTest checks both architectures'
    // headers); a driver does not depend on the kernel module, so they are not taken from its Arch tables.
    public static final int O_RDWR = 2;
    public static final int O_NOCTTY = 0400;
    public static final int O_CLOEXEC = 02000000;
    static final int TCSANOW = 0;
    static final int TCIOFLUSH = 2;
    static final long FIONREAD = 0x541B;
    static final short POLLIN = 1;
    /** glibc's struct termios is 60 bytes on Linux; a little headroom costs nothing. */
    static final long TERMIOS_SIZE = 64;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final StructLayout POLLFD = MemoryLayout.structLayout(JAVA_INT.withName("fd"),
            JAVA_SHORT.withName("events"), JAVA_SHORT.withName("revents"));

    private static final MethodHandle POSIX_OPENPT = call("posix_openpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle GRANTPT = call("grantpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle UNLOCKPT = call("unlockpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle PTSNAME_R = call("ptsname_r",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle OPEN = call("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle READ = call("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE = call("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle CLOSE = call("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle TCGETATTR = call("tcgetattr", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle TCSETATTR = call("tcsetattr",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle CFMAKERAW = LINKER.downcallHandle(LIBC.find("cfmakeraw").orElseThrow(),
            FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle CFSETSPEED = call("cfsetspeed", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle TCFLUSH = call("tcflush", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle IOCTL = call("ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle POLL = call("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));

    private Tty() {
    }

    private static MethodHandle call(String name, FunctionDescriptor fd, Linker.Option... extra) {
        Linker.Option[] all = new Linker.Option[extra.length + 1];
        all[0] = Linker.Option.captureCallState("errno");
        System.arraycopy(extra, 0, all, 1, extra.length);
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(
                () -> new UnsupportedOperationException("libc has no " + name)), fd, all);
    }

    private static long check(long rc, MemorySegment cap, String what) throws IOException {
        if (rc < 0) {
            int errno = (int) ERRNO.get(cap, 0L);
            throw new IOException(what + ": " + Errnos.name(errno) + " (errno " + errno + ")");
        }
        return rc;
    }

    private static IOException wrap(Throwable t) {
        if (t instanceof IOException io) {
            return io;
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IOException(t);
    }

    /** A new pseudo-terminal pair: the master fd (the device's end) and the slave's path (the line's end). */
    public static PtyPair openPty() throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE);
            int master = (int) check((int) POSIX_OPENPT.invokeExact(cap, O_RDWR | O_NOCTTY), cap, "posix_openpt");
            try {
                check((int) GRANTPT.invokeExact(cap, master), cap, "grantpt");
                check((int) UNLOCKPT.invokeExact(cap, master), cap, "unlockpt");
                MemorySegment buf = a.allocate(128);
                int rc = (int) PTSNAME_R.invokeExact(cap, master, buf, 128L);
                if (rc != 0) {
                    throw new IOException("ptsname_r: " + Errnos.name(rc) + " (errno " + rc + ")");
                }
                return new PtyPair(master, buf.getString(0));
            } catch (Throwable t) {
                close(master);
                throw wrap(t);
            }
        } catch (Throwable t) {
            throw wrap(t);
        }
    }

    public static int open(String path, int flags) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE);
            return (int) check((int) OPEN.invokeExact(cap, a.allocateFrom(path), flags), cap, "open " + path);
        } catch (Throwable t) {
            throw wrap(t);
        }
    }

    /** Reads up to {@code n} bytes into {@code dst} at {@code offset}; 0 at end of file. */
    public static int read(int fd, byte[] dst, int offset, int n) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE);
            MemorySegment buf = a.allocate(n);
            int got = (int) check((long) READ.invokeExact(cap, fd, buf, (long) n), cap, "read");
            MemorySegment.copy(buf, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, dst, offset, got);
            return got;
        } catch (Throwable t) {
            throw wrap(t);
        }
    }

    /** Writes all of {@code src}. */
    public static void write(int fd, byte[] src) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE);
            MemorySegment buf = a.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, src);
            long done = 0;
            while (done < src.length) {
                done += check((long) WRITE.invokeExact(cap, fd, buf.asSlice(done), src.length - done), cap, "write");
            }
        } catch (Throwable t) {
            throw wrap(t);
        }
    }

    public static void close(int fd) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE);
            check((int) CLOSE.invokeExact(cap, fd), cap, "close");
        } catch (Throwable t) {
            throw wrap(t);
        }
    }

    /** Raw mode (no echo, no line editing, no CR/LF translation) at {@code speed} baud. */
    public static void makeRaw(int fd, int baud) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE);
            MemorySegment t = a.allocate(TERMIOS_SIZE);
            check((int) TCGETATTR.invokeExact(cap, fd, t), cap, "tcgetattr");
            CFMAKERAW.invokeExact(t);
            check((int) CFSETSPEED.invokeExact(cap, t, Baud.code(baud)), cap, "cfsetspeed " + baud);
            check((int) TCSETATTR.invokeExact(cap, fd, TCSANOW, t), cap, "tcsetattr");
        } catch (Throwable t) {
            throw wrap(t);
        }
    }

    /** Drops unread input and unsent output. */
    public static void flush(int fd) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE);
            check((int) TCFLUSH.invokeExact(cap, fd, TCIOFLUSH), cap, "tcflush");
        } catch (Throwable t) {
            throw wrap(t);
        }
    }

    /** {@code ioctl(FIONREAD)}: bytes waiting to be read. */
    public static int bytesAvailable(int fd) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE);
            MemorySegment n = a.allocate(JAVA_INT);
            check((int) IOCTL.invokeExact(cap, fd, FIONREAD, n), cap, "ioctl FIONREAD");
            return n.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw wrap(t);
        }
    }

    /** Waits up to {@code timeoutMs} for input; false on timeout. */
    public static boolean awaitInput(int fd, int timeoutMs) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE);
            MemorySegment p = a.allocate(POLLFD);
            p.set(JAVA_INT, 0, fd);
            p.set(JAVA_SHORT, 4, POLLIN);
            return check((int) POLL.invokeExact(cap, p, 1L, timeoutMs), cap, "poll") > 0;
        } catch (Throwable t) {
            throw wrap(t);
        }
    }
}
