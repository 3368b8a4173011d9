package io.edgefusion.node.host;

import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * The signals a command's caller receives while the command runs (INT, TERM, HUP, WINCH): in a cold CLI the
 * JVM's own, through the thin client the ones it forwards. A command that proxies signals to a workload
 * subscribes for as long as it is attached; closing the subscription gives them back.
 */
public interface InvocationSignals {
    /** Calls {@code handler} with the signal number of each signal from now until the subscription closes. */
    Subscription subscribe(IntConsumer handler);

    /**
     * The caller's terminal size: as it was when the command started, then as of its latest SIGWINCH (read it in
     * the WINCH handler). Empty when none of the caller's stdio is a terminal, or where nobody tells (a cold CLI
     * asks its own terminal instead).
     */
    default Optional<WindowSize> windowSize() {
        return Optional.empty();
    }

    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
