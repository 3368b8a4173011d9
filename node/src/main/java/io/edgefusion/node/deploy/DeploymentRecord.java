package io.edgefusion.node.deploy;

import java.time.Instant;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * A deployment's stored desired state.
 *
 * @param current the revision rolled out and meant to run; empty before the first rollout succeeds and after
 *                {@code undeploy}
 * @param latest  the newest revision, whatever its status (a failed one, a rollout in progress)
 */
public record DeploymentRecord(String name, State state, OptionalInt current, Instant created, Instant updated,
                               Revision latest) {
    public enum State {
        ACTIVE, REMOVED;

        public String spelling() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
