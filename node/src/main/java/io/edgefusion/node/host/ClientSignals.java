package io.edgefusion.node.host;

import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;

/** The signals a thin client forwards, delivered to the command's subscribers; the latest window size kept. */
final class ClientSignals implements InvocationSignals {
    private final CopyOnWriteArrayList<IntConsumer> handlers = new CopyOnWriteArrayList<>();
    private volatile WindowSize size;

    ClientSignals(WindowSize initial) {
        this.size = initial;
    }

    @Override
    public Subscription subscribe(IntConsumer handler) {
        handlers.add(handler);
        return () -> handlers.remove(handler);
    }

    @Override
    public Optional<WindowSize> windowSize() {
        return Optional.ofNullable(size);
    }

    /** Delivers {@code signo} to every subscriber; false when nobody listens. */
    boolean deliver(int signo) {
        boolean any = false;
        for (IntConsumer h : handlers) {
            any = true;
            h.accept(signo);
        }
        return any;
    }

    void resize(WindowSize newSize) {
        size = newSize;
        deliver(ClientProtocol.SIGWINCH);
    }
}
