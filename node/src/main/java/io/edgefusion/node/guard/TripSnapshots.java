package io.edgefusion.node.guard;

import io.edgefusion.guardian.Json;
import io.edgefusion.guardian.breaker.SandboxSnapshots;
import io.edgefusion.guardian.breaker.Snapshots;
import io.edgefusion.guardian.breaker.TripStore;
import io.edgefusion.guardian.evidence.EvidenceRecord;
import io.edgefusion.sandbox.Sandboxes;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Level 3 of a trip in a node: the faulty sandbox's diff snapshot is staged beside the evidence log and attached
 * to a {@code trip.snapshot} record, so the signed log names every file of it by hash and {@code evidence export}
 * carries it to another machine.
 */
final class TripSnapshots implements Snapshots {
    static final String KIND = "trip.snapshot";

    private final Sandboxes sandboxes;
    private final Path stateRoot;
    private final EvidenceEvents evidence;
    private final TripStore trips;
    private final InstantSource clock;

    TripSnapshots(Sandboxes sandboxes, Path stateRoot, EvidenceEvents evidence, TripStore trips, InstantSource clock) {
        this.sandboxes = sandboxes;
        this.stateRoot = stateRoot;
        this.evidence = evidence;
        this.trips = trips;
        this.clock = clock;
    }

    @Override
    public Snapshot take(String tripId, String sandboxId, String failingCheck) {
        Path staging = evidence.log().newStagingDirectory();
        try {
            Snapshot s = new SandboxSnapshots(sandboxes, stateRoot, staging, clock).take(tripId, sandboxId,
                    failingCheck);
            String subject = trips.get(tripId).map(t -> t.workload().name()).orElse("unknown/unknown");
            Optional<EvidenceRecord> r = evidence.append(KIND, subject, Json.write(s.toJson().put("trip", tripId)
                    .put("sandbox", sandboxId).without("dir")), Optional.of(s.dir()));
            Path kept = r.map(rec -> io.edgefusion.guardian.evidence.Snapshots.of(evidence.log().evidenceDir(),
                    rec.seq())).orElseThrow(() -> new IllegalStateException("the evidence log refused the snapshot"
                    + " of trip " + tripId));
            return new Snapshot(kept, s.layerDigest(), s.layerSize(), s.changes(), s.logLines());
        } finally {
            io.edgefusion.kernel.sys.TreeRemoval.remove(staging);
        }
    }
}
