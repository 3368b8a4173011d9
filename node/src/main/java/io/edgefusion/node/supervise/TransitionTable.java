package io.edgefusion.node.supervise;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one table of workload state changes. Every allowed transition is listed exactly once, with why it
 * happens; anything else is an {@link IllegalTransition}. Staying in a state is not a transition.
 */
public final class TransitionTable {
    /** One allowed change and the event that causes it. */
    public record Transition(WorkloadState from, WorkloadState to, String cause) {
    }

    public static final List<Transition> ALL = List.of(
            t(WorkloadState.STARTING, WorkloadState.RUNNING, "the sandbox started"),
            t(WorkloadState.STARTING, WorkloadState.EXITED, "the sandbox could not start, or ended at once"),
            t(WorkloadState.STARTING, WorkloadState.STOPPED, "stopped while starting (a rollout undone)"),
            t(WorkloadState.RUNNING, WorkloadState.HEALTHY, "the health check passed"),
            t(WorkloadState.RUNNING, WorkloadState.UNHEALTHY, "the health check failed retries times"),
            t(WorkloadState.RUNNING, WorkloadState.EXITED, "the sandbox ended, or its reaper died"),
            t(WorkloadState.RUNNING, WorkloadState.STOPPED, "stopped on purpose"),
            t(WorkloadState.HEALTHY, WorkloadState.UNHEALTHY, "the health check failed retries times"),
            t(WorkloadState.HEALTHY, WorkloadState.EXITED, "the sandbox ended, or its reaper died"),
            t(WorkloadState.HEALTHY, WorkloadState.STOPPED, "stopped on purpose"),
            t(WorkloadState.UNHEALTHY, WorkloadState.HEALTHY, "the health check passed again"),
            t(WorkloadState.UNHEALTHY, WorkloadState.EXITED, "the sandbox ended, or was killed to restart it"),
            t(WorkloadState.UNHEALTHY, WorkloadState.STOPPED, "stopped on purpose"),
            t(WorkloadState.EXITED, WorkloadState.BACKOFF, "the restart policy restarts it after a delay"),
            t(WorkloadState.EXITED, WorkloadState.STOPPED, "removed after it ended"),
            t(WorkloadState.BACKOFF, WorkloadState.STARTING, "the delay is over"),
            t(WorkloadState.BACKOFF, WorkloadState.STOPPED, "stopped while waiting to restart"),
            t(WorkloadState.STOPPED, WorkloadState.STARTING, "started again (a rollout undone restores it)"));

    private static final Map<WorkloadState, Set<WorkloadState>> NEXT = index();

    private TransitionTable() {
    }

    private static Transition t(WorkloadState from, WorkloadState to, String cause) {
        return new Transition(from, to, cause);
    }

    private static Map<WorkloadState, Set<WorkloadState>> index() {
        Map<WorkloadState, Set<WorkloadState>> m = new EnumMap<>(WorkloadState.class);
        for (WorkloadState s : WorkloadState.values()) {
            m.put(s, EnumSet.noneOf(WorkloadState.class));
        }
        for (Transition t : ALL) {
            if (!m.get(t.from()).add(t.to())) {
                throw new ExceptionInInitializerError("transition " + t.from() + " -> " + t.to() + " listed twice");
            }
        }
        return m;
    }

    public static boolean allowed(WorkloadState from, WorkloadState to) {
        return NEXT.get(from).contains(to);
    }

    /** Returns {@code to} when {@code from -> to} is in the table; throws {@link IllegalTransition} otherwise. */
    public static WorkloadState check(String subject, WorkloadState from, WorkloadState to) {
        if (!allowed(from, to)) {
            throw new IllegalTransition(subject, from, to);
        }
        return to;
    }

    /** A state change the table does not list: a bug in whoever asked for it, named with the workload. */
    public static final class IllegalTransition extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final WorkloadState from;
        private final WorkloadState to;

        public IllegalTransition(String subject, WorkloadState from, WorkloadState to) {
            super(subject + ": no transition " + from.label() + " -> " + to.label());
            this.from = from;
            this.to = to;
        }

        public WorkloadState from() {
            return from;
        }

        public WorkloadState to() {
            return to;
        }
    }
}
