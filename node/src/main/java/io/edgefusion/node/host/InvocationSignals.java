package io.edgefusion.node.host;

import java.util.function.IntConsumer;

/**
 * The signals a command's caller receives while the command runs (INT, TERM, HUP, WINCH): in a cold CLI the
 * JVM's own, through the thin client the ones it forwards. A command that proxies signals to a workload
 * subscribes for as long as it is attached; closing the subscription gives them back.
 */
public interface InvocationSignals {
    /** Calls {@code handler} with the signal number of each signal from now until the subscription closes. */
    Subscription subscribe(IntConsumer handler);

    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
