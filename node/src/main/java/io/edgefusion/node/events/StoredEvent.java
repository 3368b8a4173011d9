package io.edgefusion.node.events;

/** An event as the log keeps it: its sequence number (increasing, never reused) and the event. */
public record StoredEvent(long id, NodeEvent event) {
}
