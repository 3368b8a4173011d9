package io.edgefusion.kernel.proc;

import io.edgefusion.kernel.sys.KernelFiles;
import io.edgefusion.kernel.sys.MalformedKernelFile;

import java.nio.file.Path;

/**
 * A process's capability bounding set: the {@code CapBnd:} line of {@code /proc/PID/status}, a hex bit mask
 * indexed by capability number. No process (and, after execve, no child in a user namespace) can gain a
 * capability outside it, so a sandbox asking for one would fail at {@code capset} with a bare EPERM.
 */
public final class BoundingSet {
    public static final Path SELF_STATUS = Path.of("/proc/self/status");
    static final String CAP_BND = "CapBnd:";

    private BoundingSet() {
    }

    /** The bounding set of the calling process. */
    public static long ofSelf() {
        return parse(KernelFiles.read(SELF_STATUS), SELF_STATUS);
    }

    /** The CapBnd mask in a status file's text. */
    public static long parse(String status, Path source) {
        for (String line : status.split("\n")) {
            if (line.startsWith(CAP_BND)) {
                try {
                    return Long.parseUnsignedLong(line.substring(CAP_BND.length()).strip(), 16);
                } catch (NumberFormatException e) {
                    throw new MalformedKernelFile(source, line, "CapBnd is not a hex mask");
                }
            }
        }
        throw new MalformedKernelFile(source, "", "no CapBnd line");
    }
}
