package io.edgefusion.cli;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * A pipe of this JVM with known fd numbers (not 0, 1, 2): a "foreign caller's" stdout or stderr as a node holds
 * one that a thin client handed it. {@link #stream()} writes into it through another fd of the same pipe; what
 * arrives is collected on a reader thread until every write end is closed.
 */
final class FdPipe implements AutoCloseable {
    private static final int O_CLOEXEC = 02000000;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle PIPE2 = LINKER.downcallHandle(LINKER.defaultLookup().find("pipe2")
            .orElseThrow(), FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle CLOSE = LINKER.downcallHandle(LINKER.defaultLookup().find("close")
            .orElseThrow(), FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    final int readFd;
    final int writeFd;
    private final PrintStream stream;
    private final StringBuilder shown = new StringBuilder();
    private boolean eof;
    private boolean closed;

    FdPipe() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment fds = a.allocate(JAVA_INT, 2);
            if ((int) PIPE2.invokeExact(fds, O_CLOEXEC) != 0) {
                throw new IllegalStateException("pipe2 failed");
            }
            readFd = fds.getAtIndex(JAVA_INT, 0);
            writeFd = fds.getAtIndex(JAVA_INT, 1);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        try {
            stream = new PrintStream(new FileOutputStream("/proc/self/fd/" + writeFd), true, StandardCharsets.UTF_8);
            InputStream in = new FileInputStream("/proc/self/fd/" + readFd);
            closeFd(readFd); // the stream holds its own fd of the read end
            Thread.ofPlatform().daemon().start(() -> pump(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void pump(InputStream in) {
        byte[] buf = new byte[4096];
        try (in) {
            for (int n; (n = in.read(buf)) > 0; ) {
                synchronized (shown) {
                    shown.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    shown.notifyAll();
                }
            }
        } catch (IOException ignored) {
            // reported as what arrived
        } finally {
            synchronized (shown) {
                eof = true;
                shown.notifyAll();
            }
        }
    }

    /** Waits (with a deadline) until what arrived contains {@code text}. */
    void await(String text) {
        waitFor(() -> shown.indexOf(text) >= 0, "never showed " + text);
    }

    private void waitFor(java.util.function.BooleanSupplier done, String failure) {
        long end = System.currentTimeMillis() + 120_000;
        synchronized (shown) {
            while (!done.getAsBoolean()) {
                long left = end - System.currentTimeMillis();
                if (left <= 0) {
                    throw new AssertionError("pipe " + failure + "; it shows: " + shown);
                }
                try {
                    shown.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    /** The caller's stream over this pipe (what a node would make of the handed fd). */
    PrintStream stream() {
        return stream;
    }

    /** What {@code readlink /proc/PID/fd/N} shows for this pipe, in any process: {@code pipe:[INODE]}. */
    String link() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/" + writeFd)).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the write ends, then returns everything written (once every other writer closed too). */
    String text() {
        close();
        waitFor(() -> eof, "never reached EOF");
        synchronized (shown) {
            return shown.toString();
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            stream.close();
            closeFd(writeFd);
        }
    }

    private static void closeFd(int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
