package io.edgefusion.guardian.breaker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.guardian.Json;

import java.nio.file.Path;

/**
 * Level 3 of a trip: the evidence of what the faulty sandbox did — its upper-dir diff as an OCI layer, its log
 * tail, its cgroup stats and the failing check — written under a directory the evidence log keeps. Taking the
 * same trip's snapshot again rewrites the same files. {@link SandboxSnapshots} is the real one.
 */
@FunctionalInterface
public interface Snapshots {
    /** @param failingCheck the check outcome that opened the breaker, as JSON */
    Snapshot take(String tripId, String sandboxId, String failingCheck);

    /**
     * Where the snapshot is and what it holds.
     *
     * @param dir        the snapshot's directory ({@code layer.tar}, {@code snapshot.json}, {@code log-tail.txt})
     * @param layerDigest {@code sha256:...} of the uncompressed layer tar (its OCI diff id and blob digest)
     * @param changes    paths the sandbox added, changed or deleted
     */
    record Snapshot(Path dir, String layerDigest, long layerSize, int changes, int logLines) {
        public ObjectNode toJson() {
            return Json.object().put("dir", dir.toString()).put("layer_digest", layerDigest)
                    .put("layer_size", layerSize).put("changes", changes).put("log_lines", logLines);
        }
    }
}
