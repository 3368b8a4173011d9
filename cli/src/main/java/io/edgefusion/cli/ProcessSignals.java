package io.edgefusion.cli;

import io.edgefusion.node.host.InvocationSignals;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;

/**
 * A cold CLI's signals: the JVM's own INT, TERM, HUP and WINCH, taken over from the JVM only while someone is
 * subscribed (an attached workload), and given back when the last subscription closes, so ^C outside an attached
 * run still ends the CLI as usual. The only place that installs process-wide handlers; commands subscribe to
 * their invocation's signals instead.
 */
final class ProcessSignals implements InvocationSignals {
    static final ProcessSignals INSTANCE = new ProcessSignals();
    private static final List<String> TAKEN = List.of("INT", "TERM", "HUP", "WINCH");

    private final List<IntConsumer> handlers = new CopyOnWriteArrayList<>();
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

    private ProcessSignals() {
    }

    @Override
    public synchronized Subscription subscribe(IntConsumer handler) {
        if (handlers.isEmpty()) {
            install();
        }
        handlers.add(handler);
        return () -> unsubscribe(handler);
    }

    private synchronized void unsubscribe(IntConsumer handler) {
        if (handlers.remove(handler) && handlers.isEmpty()) {
            previous.forEach(Signal::handle);
            previous.clear();
        }
    }

    /** Whether the JVM's signals are taken right now (some command is attached). */
    synchronized boolean subscribed() {
        return !handlers.isEmpty();
    }

    private void install() {
        for (String name : TAKEN) {
            Signal sig = new Signal(name);
            try {
                previous.put(sig, Signal.handle(sig, s -> handlers.forEach(h -> h.accept(s.getNumber()))));
            } catch (IllegalArgumentException ignored) {
                // a signal the JVM reserves (e.g. with -Xrs) keeps its default
            }
        }
    }
}
