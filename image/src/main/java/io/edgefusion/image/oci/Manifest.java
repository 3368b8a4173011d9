package io.edgefusion.image.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.image.ImageException;

import java.util.ArrayList;
import java.util.List;

/** An image manifest (OCI or Docker schema 2): the config descriptor and the layers, bottom first. */
public record Manifest(String mediaType, Descriptor config, List<Descriptor> layers) {
    /** More layers than overlayfs can stack (500) cannot be mounted; refuse them at import. */
    public static final int MAX_LAYERS = 500;

    public Manifest {
        layers = List.copyOf(layers);
    }

    public static Manifest parse(byte[] json, String what) {
        ObjectNode n = OciJson.parseObject(json, what);
        JsonNode sv = n.get("schemaVersion");
        if (sv == null || sv.asInt() != 2) {
            throw new ImageException(what + ": schemaVersion " + sv + " is not supported (need 2)");
        }
        String mt = OciJson.text(n, "mediaType");
        if (mt != null && !MediaTypes.isManifest(mt)) {
            throw new ImageException(what + ": " + mt + " is not an image manifest");
        }
        Descriptor config = Descriptor.from(n.get("config"), what + " config");
        List<Descriptor> layers = new ArrayList<>();
        JsonNode ls = n.get("layers");
        if (ls == null || !ls.isArray()) {
            throw new ImageException(what + ": no layers array");
        }
        if (ls.size() > MAX_LAYERS) {
            throw new ImageException(what + ": " + ls.size() + " layers, more than overlayfs can stack (" + MAX_LAYERS + ")");
        }
        int i = 0;
        for (JsonNode l : ls) {
            Descriptor d = Descriptor.from(l, what + " layer " + i++);
            MediaTypes.layerCompression(d.mediaType());
            layers.add(d);
        }
        return new Manifest(mt == null ? MediaTypes.OCI_MANIFEST : mt, config, layers);
    }

    /** An OCI manifest document for a config and layers (what build, commit and docker-archive import write). */
    public static byte[] ociBytes(Descriptor config, List<Descriptor> layers) {
        ObjectNode n = OciJson.MAPPER.createObjectNode();
        n.put("schemaVersion", 2);
        n.put("mediaType", MediaTypes.OCI_MANIFEST);
        n.set("config", config.toJson());
        ArrayNode arr = n.putArray("layers");
        layers.forEach(l -> arr.add(l.toJson()));
        return OciJson.bytes(n);
    }
}
