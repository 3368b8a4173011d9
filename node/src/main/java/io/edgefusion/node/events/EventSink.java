package io.edgefusion.node.events;

/** Where node components report what happened; the node stores each event and streams it to subscribers. */
@FunctionalInterface
public interface EventSink {
    void emit(NodeEvent event);
}
