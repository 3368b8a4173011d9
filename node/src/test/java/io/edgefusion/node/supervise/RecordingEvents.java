package io.edgefusion.node.supervise;

import io.edgefusion.node.events.EventSink;
import io.edgefusion.node.events.NodeEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Collects events; waits (deadline, condition) for one to arrive. */
final class RecordingEvents implements EventSink {
    private final List<NodeEvent> events = new ArrayList<>();

    @Override
    public synchronized void emit(NodeEvent event) {
        events.add(event);
        notifyAll();
    }

    synchronized List<NodeEvent> all() {
        return List.copyOf(events);
    }

    synchronized List<String> types(String subject) {
        return events.stream().filter(e -> e.subject().equals(subject)).map(NodeEvent::type).toList();
    }

    synchronized NodeEvent await(Predicate<NodeEvent> p, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (NodeEvent e : events) {
                if (p.test(e)) {
                    return e;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no such event within " + timeout + "; got " + events);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** The {@code n}th (from 1) event of {@code type} for {@code subject}. */
    NodeEvent awaitNth(String subject, String type, int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                List<NodeEvent> m = events.stream().filter(e -> e.subject().equals(subject) && e.type().equals(type))
                        .toList();
                if (m.size() >= n) {
                    return m.get(n - 1);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no " + n + "th " + type + " of " + subject + " within " + timeout
                            + "; got " + events);
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }
}
