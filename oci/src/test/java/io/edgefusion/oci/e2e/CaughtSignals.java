package io.edgefusion.oci.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a process has a handler for a signal, from {@code SigCgt} in {@code /proc/<pid>/status}: how a test
 * knows a container's shell has run its {@code trap} before it sends the signal the trap is for.
 */
public final class CaughtSignals {
    public static final int SIGTERM = 15;

    private CaughtSignals() {
    }

    public static boolean catches(long pid, int signo) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("SigCgt:")) {
                    long mask = Long.parseUnsignedLong(line.substring("SigCgt:".length()).strip(), 16);
                    return (mask & (1L << (signo - 1))) != 0;
                }
            }
        } catch (IOException e) {
            // Not there (yet, or any more): it catches nothing.
        }
        return false;
    }
}
