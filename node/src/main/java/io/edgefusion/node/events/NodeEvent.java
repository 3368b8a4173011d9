package io.edgefusion.node.events;

import java.time.Instant;
import java.util.Map;

/**
 * Something that happened on the node, as {@code events} shows it: e.g. type {@code workload.healthy},
 * subject {@code line-monitor/api}, attributes {@code revision=3 sandbox=ef-…}.
 */
public record NodeEvent(Instant time, String type, String subject, Map<String, String> attributes) {
    public NodeEvent {
        attributes = Map.copyOf(attributes);
    }
}
