package io.edgefusion.node.supervise;

import io.edgefusion.node.events.EventSink;
import io.edgefusion.node.events.NodeEvent;

import java.time.InstantSource;
import java.util.Map;

/**
 * Applies a checked transition and reports it: each change emits {@code workload.<state>} with subject
 * {@code <deployment>/<workload>} (ad-hoc sandboxes: {@code adhoc/<name>}) at the injected clock's time.
 */
public final class StateChanges {
    private final EventSink events;
    private final InstantSource clock;

    public StateChanges(EventSink events, InstantSource clock) {
        this.events = events;
        this.clock = clock;
    }

    /** {@code from -> to}, checked against {@link TransitionTable}, with the event; returns {@code to}. */
    public WorkloadState move(String subject, WorkloadState from, WorkloadState to, Map<String, String> attributes) {
        TransitionTable.check(subject, from, to);
        events.emit(new NodeEvent(clock.instant(), "workload." + to.label(), subject, attributes));
        return to;
    }

    /** A workload entering its first state (a new instance is STARTING): an event, no transition. */
    public WorkloadState enter(String subject, WorkloadState first, Map<String, String> attributes) {
        events.emit(new NodeEvent(clock.instant(), "workload." + first.label(), subject, attributes));
        return first;
    }

    public InstantSource clock() {
        return clock;
    }
}
