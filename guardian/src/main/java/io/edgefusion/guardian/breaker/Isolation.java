package io.edgefusion.guardian.breaker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.guardian.Json;

import java.util.List;

/**
 * Level 1 of a trip: stop a faulty sandbox from doing anything while keeping it whole for forensics. Both
 * methods are idempotent (a resumed trip may call them again for the same sandbox).
 * {@link SandboxIsolation} is the real one.
 */
public interface Isolation {
    /** Freezes the sandbox and cuts it off the network; a sandbox that already ended has nothing to isolate. */
    Isolated isolate(String sandboxId);

    /** Removes the sandbox (after its snapshot); absent is fine. */
    void discard(String sandboxId);

    /**
     * What isolation did.
     *
     * @param frozen  the cgroup's freezer reports FROZEN (false when the sandbox had already ended)
     * @param network what "cut off" meant for its network mode: {@code none: lo, ... down},
     *                {@code host: cgroup skb drop attached}, {@code ended: no network left}
     * @param linksDown interfaces of its own network namespace that were brought down
     * @param notes   anything a person reading the evidence should know (a part that could not be done, and why)
     */
    record Isolated(String sandboxId, boolean frozen, String network, List<String> linksDown, List<String> notes) {
        public Isolated {
            linksDown = List.copyOf(linksDown);
            notes = List.copyOf(notes);
        }

        public ObjectNode toJson() {
            ObjectNode o = Json.object().put("sandbox", sandboxId).put("frozen", frozen).put("network", network);
            linksDown.forEach(o.putArray("links_down")::add);
            notes.forEach(o.putArray("notes")::add);
            return o;
        }
    }
}
