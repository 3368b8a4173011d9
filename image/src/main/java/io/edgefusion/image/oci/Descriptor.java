package io.edgefusion.image.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.image.ImageException;

import java.util.Map;
import java.util.TreeMap;

/** An OCI content descriptor: what a blob is, its digest and its exact size. */
public record Descriptor(String mediaType, Digest digest, long size, Map<String, String> annotations,
                         String platformOs, String platformArch) {
    public static final String REF_NAME = "org.opencontainers.image.ref.name";

    public Descriptor {
        annotations = Map.copyOf(annotations);
        if (size < 0) {
            throw new ImageException("descriptor " + digest + " has negative size " + size);
        }
    }

    public Descriptor(String mediaType, Digest digest, long size) {
        this(mediaType, digest, size, Map.of(), null, null);
    }

    public Descriptor withAnnotations(Map<String, String> a) {
        return new Descriptor(mediaType, digest, size, a, platformOs, platformArch);
    }

    public static Descriptor from(JsonNode n, String what) {
        if (n == null || !n.isObject()) {
            throw new ImageException(what + ": missing descriptor");
        }
        JsonNode size = n.get("size");
        if (size == null || !size.canConvertToLong()) {
            throw new ImageException(what + ": descriptor without a valid size");
        }
        Map<String, String> ann = new TreeMap<>();
        JsonNode a = n.get("annotations");
        if (a != null && a.isObject()) {
            a.properties().forEach(e -> ann.put(e.getKey(), e.getValue().asText()));
        }
        JsonNode p = n.get("platform");
        return new Descriptor(OciJson.text(n, "mediaType"), Digest.parse(OciJson.text(n, "digest")), size.asLong(),
                ann, p == null ? null : OciJson.text(p, "os"), p == null ? null : OciJson.text(p, "architecture"));
    }

    /** The JSON form with fields in the spec's order. */
    public ObjectNode toJson() {
        ObjectNode n = OciJson.MAPPER.createObjectNode();
        n.put("mediaType", mediaType);
        n.put("digest", digest.toString());
        n.put("size", size);
        if (!annotations.isEmpty()) {
            ObjectNode a = n.putObject("annotations");
            new TreeMap<>(annotations).forEach(a::put);
        }
        if (platformOs != null) {
            ObjectNode p = n.putObject("platform");
            p.put("architecture", platformArch);
            p.put("os", platformOs);
        }
        return n;
    }
}
