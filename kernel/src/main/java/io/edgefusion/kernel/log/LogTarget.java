package io.edgefusion.kernel.log;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * Where the one-line log events of the work on this thread go: the stderr of the command's caller while a
 * command runs (a node runs many at once, each for another caller, and a warning during one user's import belongs
 * on that user's terminal, not in the node's log), else {@code System.err}. Bound for a scope, never set
 * globally; work handed to a pool carries it along with {@link #carried}.
 */
public final class LogTarget {
    private static final ScopedValue<PrintStream> ERR = ScopedValue.newInstance();

    private LogTarget() {
    }

    /** Runs {@code op} with log events going to {@code err}. */
    public static <R, X extends Throwable> R callWith(PrintStream err, ScopedValue.CallableOp<R, X> op) throws X {
        return ScopedValue.where(ERR, err).call(op);
    }

    /** {@code task} to run on another thread, logging where the submitting thread's events go. */
    public static <T> Callable<T> carried(Callable<T> task) {
        if (!ERR.isBound()) {
            return task;
        }
        PrintStream err = ERR.get();
        return () -> ScopedValue.where(ERR, err).call(task::call);
    }

    /** The stream diagnostics go to: the caller's stderr when one is bound (a command in a node), else the process's. */
    public static PrintStream current() {
        return ERR.isBound() ? ERR.get() : process();
    }

    /**
     * The process's own stderr, whatever caller is bound: for the few lines a parent process reads from this one
     * (a crash test waiting for {@code checkpoint NAME} from the node it will SIGKILL), which must not go to a client.
     */
    public static PrintStream process() {
        return System.err;
    }
}
