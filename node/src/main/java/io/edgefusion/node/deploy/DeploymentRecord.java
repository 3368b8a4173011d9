package io.edgefusion.node.deploy;

import java.time.Instant;
import java.util.Locale;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A deployment's stored desired state.
 *
 * @param current the revision rolled out and meant to run; empty before the first rollout succeeds and after
 *                {@code undeploy}
 * @param latest  the newest revision, whatever its status (a failed one, a rollout in progress)
 */
public record DeploymentRecord(String name, State state, Optional<Revision> current, Instant created,
                               Instant updated, Revision latest) {
    public OptionalInt currentNumber() {
        return current.map(r -> OptionalInt.of(r.number())).orElse(OptionalInt.empty());
    }

    /** The workloads of what runs, else of the newest revision (a first rollout that failed or is under way). */
    public List<String> workloads() {
        return current.orElse(latest).workloads();
    }

    public enum State {
        ACTIVE, REMOVED;

        public String spelling() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
