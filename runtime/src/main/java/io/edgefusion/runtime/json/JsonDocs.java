package io.edgefusion.runtime.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The one convention of every {@code --json} document (docs/json/README.md): one JSON object whose first field
 * is {@code "schema": "edgefusion.<command>/v1"}, lists under a named field, and every time an RFC 3339 UTC
 * timestamp with milliseconds ({@code 2026-12-01T20:33:12.123Z}). Stored records keep their own formats; they
 * are converted here, at output. The documents are built here (shared by the CLI and the node's API); printing
 * is the caller's.
 */
public final class JsonDocs {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private static final DateTimeFormatter RFC3339_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private JsonDocs() {
    }

    /** A new document: an object with its schema name first. */
    public static ObjectNode document(String schema) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("schema", schema);
        return n;
    }

    /** Epoch milliseconds as RFC 3339 UTC; {@code null} for none (null, or 0 = never recorded). */
    public static String time(Long epochMillis) {
        return epochMillis == null || epochMillis <= 0 ? null : RFC3339_MILLIS.format(Instant.ofEpochMilli(epochMillis));
    }

    /**
     * An RFC 3339 time from a foreign record (an image config's {@code created}, any offset or precision) in
     * the one output form; {@code null} when absent or not RFC 3339.
     */
    public static String time(String rfc3339) {
        if (rfc3339 == null || rfc3339.isBlank()) {
            return null;
        }
        try {
            return RFC3339_MILLIS.format(OffsetDateTime.parse(rfc3339).toInstant());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Replaces the epoch-millisecond field {@code name} of {@code n}, if present, by its RFC 3339 form. */
    public static void convertTime(ObjectNode n, String name) {
        JsonNode v = n.get(name);
        if (v != null) {
            n.put(name, v.isNumber() ? time(v.asLong()) : null);
        }
    }
}
