package io.edgefusion.node.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;

/**
 * One event as one line of JSON, schema {@code edgefusion.events/v1} (docs/json/events.md): the form of the
 * {@code /v1/events} stream and of {@code events --json}.
 */
public final class EventJson {
    public static final String SCHEMA = "edgefusion.events/v1";
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private EventJson() {
    }

    public static String time(Instant t) {
        return RFC3339.format(t);
    }

    public static String line(StoredEvent e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("schema", SCHEMA);
        n.put("id", e.id());
        n.put("time", time(e.event().time()));
        n.put("type", e.event().type());
        n.put("subject", e.event().subject());
        ObjectNode a = n.putObject("attributes");
        new TreeMap<>(e.event().attributes()).forEach(a::put);
        return n.toString();
    }

    public static StoredEvent parse(String line) {
        try {
            JsonNode n = MAPPER.readTree(line);
            Map<String, String> attrs = new TreeMap<>();
            n.path("attributes").properties().forEach(p -> attrs.put(p.getKey(), p.getValue().asText()));
            return new StoredEvent(n.path("id").asLong(), new NodeEvent(
                    OffsetDateTime.parse(n.path("time").asText()).toInstant(), n.path("type").asText(),
                    n.path("subject").asText(), attrs));
        } catch (JsonProcessingException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("not an " + SCHEMA + " line: " + line, e);
        }
    }

    static String attributes(Map<String, String> attrs) {
        ObjectNode a = MAPPER.createObjectNode();
        new TreeMap<>(attrs).forEach(a::put);
        return a.toString();
    }

    static Map<String, String> attributes(String json) {
        try {
            Map<String, String> m = new TreeMap<>();
            MAPPER.readTree(json).properties().forEach(p -> m.put(p.getKey(), p.getValue().asText()));
            return m;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored event attributes are not JSON: " + json, e);
        }
    }
}
