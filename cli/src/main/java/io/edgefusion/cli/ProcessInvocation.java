package io.edgefusion.cli;

import io.edgefusion.node.host.CallerFds;
import io.edgefusion.node.host.Invocation;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** A cold CLI's invocation: everything from the process itself (its streams, environment, directory, signals). */
final class ProcessInvocation {
    private ProcessInvocation() {
    }

    /** The process as the caller: System streams, fds 0, 1, 2, the JVM's environment and working directory. */
    static Invocation of(String[] args) {
        return new Invocation(List.of(args), cwd(), System.getenv(), System.in, System.out, System.err,
                CallerFds.self(), ProcessSignals.INSTANCE);
    }

    /**
     * The process as the caller but with its own {@code out} and {@code err} streams (tests capture them): no fd
     * stands behind any stream, so an attached workload's stdio is relayed through them, and stdin is
     * {@code System.in} as it is at the time.
     */
    static Invocation relayed(String[] args, PrintStream out, PrintStream err) {
        return new Invocation(List.of(args), cwd(), System.getenv(), System.in, out, err,
                new CallerFds(ProcessHandle.current().pid(), -1, -1, -1), ProcessSignals.INSTANCE);
    }

    private static Path cwd() {
        return Path.of(System.getProperty("user.dir")).toAbsolutePath();
    }
}
