package io.edgefusion.sandbox.launch;

import io.edgefusion.kernel.sys.Errno;

/**
 * A step of starting a sandbox (or an exec) that the helper reported as failed, e.g. {@code mount /proc: EPERM}.
 * Carries the exit code docker would give: 127 when the command does not exist, 126 when it cannot be executed,
 * 125 otherwise.
 */
public final class LaunchFailure extends RuntimeException {
    private final String step;
    private final int errno;

    public LaunchFailure(String step, int errno) {
        super(message(step, errno));
        this.step = step;
        this.errno = errno;
    }

    private static String message(String step, int errno) {
        Errno e = Errno.of(errno);
        String base = step + ": " + Errno.nameOf(errno) + (e == null ? "" : " (" + e.description() + ")");
        if (step.startsWith("exec ") && errno == Errno.ENOENT.number()) {
            return base + ": no such command in the sandbox (searched its PATH)";
        }
        return base;
    }

    public String step() {
        return step;
    }

    public int errno() {
        return errno;
    }

    public int exitCode() {
        if (step.startsWith("exec ")) {
            if (errno == Errno.ENOENT.number() || errno == Errno.ENOTDIR.number()) {
                return 127;
            }
            if (errno == Errno.EACCES.number() || errno == Errno.ENOEXEC.number() || errno == Errno.EPERM.number()
                    || errno == Errno.EISDIR.number() || errno == Errno.ETXTBSY.number()) {
                return 126;
            }
        }
        return 125;
    }

    /** Parses the helper's {@code error <step> <errno>} line. */
    static LaunchFailure parse(String line) {
        String[] f = line.trim().split(" ");
        if (f.length != 3 || !f[0].equals("error")) {
            return new LaunchFailure("helper said " + line.trim(), Errno.EIO.number());
        }
        int errno;
        try {
            errno = Integer.parseInt(f[2]);
        } catch (NumberFormatException e) {
            errno = Errno.EIO.number();
        }
        return new LaunchFailure(ProtocolWriter.decode(f[1]), errno);
    }
}
