package io.edgefusion.node.events;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The node's one {@link EventSink}: components emit here; whoever stores or streams events (the event log, an
 * {@code events} subscriber) subscribes. A subscriber that throws is logged and skipped, never the emitter's
 * problem.
 */
public final class EventHub implements EventSink {
    private static final System.Logger LOG = System.getLogger(EventHub.class.getName());

    private final List<EventSink> subscribers = new CopyOnWriteArrayList<>();

    @Override
    public void emit(NodeEvent event) {
        for (EventSink s : subscribers) {
            try {
                s.emit(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "event " + event.type() + " " + event.subject() + ": subscriber failed: " + e);
            }
        }
    }

    /** Delivers every event from now on to {@code sink} until the subscription closes. */
    public Subscription subscribe(EventSink sink) {
        subscribers.add(sink);
        return () -> subscribers.remove(sink);
    }

    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
