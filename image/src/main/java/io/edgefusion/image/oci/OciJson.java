package io.edgefusion.image.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.image.ImageException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * JSON documents of the image spec. Manifests and configs are read as trees so that fields this runtime does
 * not model survive a round trip byte for byte (their digests must not change); documents we create are
 * written compactly with map keys sorted, so the same content always has the same digest.
 */
public final class OciJson {
    /** No manifest, index or config legitimately approaches this; larger is refused before parsing. */
    public static final int MAX_DOCUMENT = 4 * 1024 * 1024;
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private OciJson() {
    }

    public static ObjectNode parseObject(byte[] json, String what) {
        if (json.length > MAX_DOCUMENT) {
            throw new ImageException(what + ": " + json.length + " bytes is larger than any valid document ("
                    + MAX_DOCUMENT + ")");
        }
        try {
            JsonNode n = MAPPER.readTree(json);
            if (!(n instanceof ObjectNode o)) {
                throw new ImageException(what + ": not a JSON object");
            }
            return o;
        } catch (IOException e) {
            throw new ImageException(what + ": " + invalid(e));
        }
    }

    /**
     * "invalid JSON at line L, column C": the place, never the parser's message, which quotes the offending
     * token — the first bytes of whatever file was given (a secret, if someone pointed a layout at one).
     */
    public static String invalid(IOException e) {
        if (e instanceof JsonProcessingException j && j.getLocation() != null && j.getLocation().getLineNr() > 0) {
            return "invalid JSON at line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr();
        }
        return "invalid JSON";
    }

    /** Compact bytes; object fields keep their order, so callers build documents in a fixed order. */
    public static byte[] bytes(JsonNode n) {
        try {
            return MAPPER.writeValueAsString(n).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
