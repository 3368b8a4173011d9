package io.edgefusion.node.guard;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefusion.guardian.EvidenceSink;
import io.edgefusion.guardian.evidence.EvidenceLog;
import io.edgefusion.guardian.evidence.EvidenceRecord;
import io.edgefusion.node.events.EventSink;
import io.edgefusion.node.events.NodeEvent;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The guardian's evidence sink in a node: each record goes to the signed log and, as an event of the same kind
 * and subject, to the node's event stream, so {@code edgefusion events}, the dashboard and scripts see a breaker
 * open the moment it is recorded. The event carries the payload's top-level scalars as attributes.
 */
final class EvidenceEvents implements EvidenceSink {
    private static final System.Logger LOG = System.getLogger(EvidenceEvents.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EvidenceLog log;
    private final EventSink events;
    private final InstantSource clock;

    EvidenceEvents(EvidenceLog log, EventSink events, InstantSource clock) {
        this.log = log;
        this.events = events;
        this.clock = clock;
    }

    EvidenceLog log() {
        return log;
    }

    @Override
    public void append(String kind, String subject, String payloadJson) {
        append(kind, subject, payloadJson, Optional.empty());
    }

    /** Appends with {@code snapshotDir} attached (moved into the log); empty when the log refused the record. */
    Optional<EvidenceRecord> append(String kind, String subject, String payloadJson, Optional<Path> snapshotDir) {
        Map<String, Object> payload;
        try {
            payload = JSON.readValue(payloadJson, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (java.io.IOException e) {
            payload = Map.of("unparsed", payloadJson);
        }
        Optional<EvidenceRecord> r = Optional.empty();
        try {
            r = Optional.of(log.append(kind, subject, payload, snapshotDir));
        } catch (RuntimeException e) {
            // The guardian acts on faults whether or not the log keeps up; the event still tells people.
            LOG.log(System.Logger.Level.WARNING, "evidence " + kind + " of " + subject + " not recorded: "
                    + e.getMessage());
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        payload.forEach((k, v) -> {
            if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                attrs.put(k, String.valueOf(v));
            }
        });
        r.ifPresent(rec -> attrs.put("evidence", Long.toString(rec.seq())));
        events.emit(new NodeEvent(clock.instant(), kind, subject, attrs));
        return r;
    }
}
