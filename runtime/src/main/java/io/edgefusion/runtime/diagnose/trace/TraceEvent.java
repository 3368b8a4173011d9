package io.edgefusion.runtime.diagnose.trace;

/**
 * One traced call that resolves a path (or connects to an address).
 *
 * @param pid     the tracee's pid as strace saw it (host pid)
 * @param syscall the call's name as strace printed it
 * @param path    the path as the process passed it, unescaped (for connect: the unix socket path, or
 *                {@code AF_INET 127.0.0.1:80}); a relative path given with a directory fd is joined to that
 *                directory's path
 * @param truncated whether strace cut the path short ({@code -s} too small): such paths are not compared
 */
public record TraceEvent(long pid, String syscall, Op op, String path, boolean truncated, CallResult result) {
    public TraceEvent withResult(CallResult r) {
        return new TraceEvent(pid, syscall, op, path, truncated, r);
    }
}
