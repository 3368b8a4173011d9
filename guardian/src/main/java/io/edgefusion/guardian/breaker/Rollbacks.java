package io.edgefusion.guardian.breaker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.guardian.Json;
import io.edgefusion.guardian.WorkloadRef;

/**
 * Level 2 of a trip, implemented by the node (it owns deployments and revisions): start the last-known-good
 * revision of the workload (the newest that passed its checks for the deployment's {@code guardian.stable}
 * period), gate it on health, retire the faulty one, and record why in the deployment's history. Blocks until
 * it knows the outcome.
 *
 * <p>Exactly once: {@code tripId} is the idempotency key. A trip resumed after a node restart asks again with
 * the same id; the node must then report the first request's outcome (waiting for it if it is still under way)
 * and never start a second rollback.
 */
@FunctionalInterface
public interface Rollbacks {
    Outcome rollback(String tripId, WorkloadRef faulty, String reason);

    sealed interface Outcome {
        ObjectNode toJson();
    }

    /** The previous good revision runs and passed its health gate. */
    record RolledBack(String revision, String sandboxId) implements Outcome {
        public ObjectNode toJson() {
            return Json.object().put("outcome", "rolled-back").put("revision", revision).put("sandbox", sandboxId);
        }
    }

    /** No revision of the workload was ever stable: it stays down until someone deploys a fix. */
    record NothingToRollBackTo(String reason) implements Outcome {
        public ObjectNode toJson() {
            return Json.object().put("outcome", "nothing-to-roll-back-to").put("reason", reason);
        }
    }

    /** The rollback was tried and did not work (e.g. the previous revision failed its health gate). */
    record Failed(String reason) implements Outcome {
        public ObjectNode toJson() {
            return Json.object().put("outcome", "failed").put("reason", reason);
        }
    }
}
