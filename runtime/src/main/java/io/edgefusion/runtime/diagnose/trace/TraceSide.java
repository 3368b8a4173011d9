package io.edgefusion.runtime.diagnose.trace;

import java.util.List;

/**
 * One traced run.
 *
 * @param kind          {@code sandbox} or {@code host}
 * @param source        the ROOTFS or image of a sandbox; null for the host
 * @param exitCode      the workload's exit code
 * @param events        the path lookups it made, from its first execve on
 * @param skippedLines  strace lines that were no traced call (signals, exits, the helper's own calls before
 *                      the workload's execve are not counted: they are dropped, not skipped)
 * @param output        what the workload wrote to stdout and stderr, capped (it is not the command's output)
 */
public record TraceSide(String kind, String source, int exitCode, List<TraceEvent> events, int skippedLines,
                        String output) {
    public TraceSide {
        events = List.copyOf(events);
    }
}
