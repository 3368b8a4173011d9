package io.edgefusion.image.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.image.oci.Descriptor;
import io.edgefusion.image.oci.Digest;
import io.edgefusion.image.oci.OciJson;

import java.nio.file.Path;

/**
 * An unpacked layer: its chain id (the directory name), the diff id its tar hashed to, the parent chain, the
 * blob it came from, and how much it holds.
 */
public record LayerRecord(Digest chainId, Digest diffId, Digest parentChain, Descriptor blob, long fileBytes,
                          long entries, Path fs) {

    byte[] toJson() {
        ObjectNode n = OciJson.MAPPER.createObjectNode();
        n.put("chainId", chainId.toString());
        n.put("diffId", diffId.toString());
        n.put("parent", parentChain == null ? null : parentChain.toString());
        n.set("blob", blob.toJson());
        n.put("fileBytes", fileBytes);
        n.put("entries", entries);
        return OciJson.bytes(n);
    }

    static LayerRecord parse(byte[] json, Path fs) {
        ObjectNode n = OciJson.parseObject(json, "layer.json in " + fs.getParent());
        String parent = OciJson.text(n, "parent");
        return new LayerRecord(Digest.parse(OciJson.text(n, "chainId")), Digest.parse(OciJson.text(n, "diffId")),
                parent == null ? null : Digest.parse(parent), Descriptor.from(n.get("blob"), "layer.json blob"),
                n.path("fileBytes").asLong(), n.path("entries").asLong(), fs);
    }
}
