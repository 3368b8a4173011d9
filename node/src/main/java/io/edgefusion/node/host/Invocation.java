package io.edgefusion.node.host;

import io.edgefusion.sandbox.launch.HelperLauncher;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One command's world: what a cold CLI takes from its process (argv, cwd, environment, stdio, signals) and what
 * the thin client hands to a node instead. Commands read these, never {@code System.in/out/err},
 * {@code System.getenv} or the JVM's working directory, so the same command code gives byte-identical output
 * and exit codes in either place.
 *
 * @param args    the command line after the program name
 * @param cwd     the caller's working directory: relative paths resolve against it
 * @param env     the caller's environment
 * @param in      the caller's stdin
 * @param out     the caller's stdout
 * @param err     the caller's stderr
 * @param fds     the same stdio as file descriptors, for handing to a workload
 * @param signals the caller's signals while the command runs
 * @param pid     the caller's process: the cold CLI's own, the thin client's through a node (what "this
 *                process" means to a command such as {@code resources})
 * @param launcher how to start a helper so that it is the caller's descendant: a cold CLI's own child
 *                 ({@link HelperLauncher#local()}), the thin client's child through a node (an OCI runtime's
 *                 caller waits for the container it starts)
 */
public record Invocation(List<String> args, Path cwd, Map<String, String> env, InputStream in, PrintStream out,
                         PrintStream err, CallerFds fds, InvocationSignals signals, long pid,
                         HelperLauncher launcher) {
    /** A caller {@code pid} whose helpers are this process's children. */
    public Invocation(List<String> args, Path cwd, Map<String, String> env, InputStream in, PrintStream out,
                      PrintStream err, CallerFds fds, InvocationSignals signals, long pid) {
        this(args, cwd, env, in, out, err, fds, signals, pid, HelperLauncher.local());
    }

    /** A caller that is this process. */
    public Invocation(List<String> args, Path cwd, Map<String, String> env, InputStream in, PrintStream out,
                      PrintStream err, CallerFds fds, InvocationSignals signals) {
        this(args, cwd, env, in, out, err, fds, signals, ProcessHandle.current().pid());
    }

    public Invocation {
        args = List.copyOf(args);
        env = Map.copyOf(env);
        java.util.Objects.requireNonNull(launcher, "launcher");
        if (!cwd.isAbsolute()) {
            throw new IllegalArgumentException("cwd " + cwd + ": not absolute");
        }
    }

    /** {@code path} as the caller meant it: relative to the caller's working directory. */
    public Path resolve(String path) {
        return cwd.resolve(path);
    }
}
