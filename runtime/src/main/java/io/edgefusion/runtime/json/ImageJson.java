package io.edgefusion.runtime.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.image.oci.Descriptor;
import io.edgefusion.image.oci.Digest;
import io.edgefusion.image.oci.ImageConfig;
import io.edgefusion.image.oci.OciJson;
import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.store.LayerRecord;
import io.edgefusion.image.store.StoredImage;

import java.util.List;
import java.util.Map;

/**
 * The documents {@code image ls --json}, {@code image inspect} and {@code image history --json}
 * (docs/json/image.ls.md, image.inspect.md, image.history.md).
 */
public final class ImageJson {
    public static final String LS = "edgefusion.image.ls/v1";
    public static final String INSPECT = "edgefusion.image.inspect/v1";
    public static final String HISTORY = "edgefusion.image.history/v1";

    private ImageJson() {
    }

    /** {@code image ls --json}. */
    public static ObjectNode ls(List<StoredImage> images) {
        ObjectNode doc = JsonDocs.document(LS);
        ArrayNode arr = doc.putArray("images");
        images.forEach(im -> arr.add(summary(im)));
        return doc;
    }

    /** {@code image inspect}: the images in the order given. */
    public static ObjectNode inspect(ImageStore store, List<StoredImage> images) {
        Map<Digest, Integer> counts = store.gc().layerRefCounts();
        ObjectNode doc = JsonDocs.document(INSPECT);
        ArrayNode arr = doc.putArray("images");
        images.forEach(im -> arr.add(inspect(store, im, counts)));
        return doc;
    }

    /** {@code image history --json}: oldest step first. */
    public static ObjectNode history(StoredImage im) {
        ObjectNode doc = JsonDocs.document(HISTORY);
        doc.put("image", im.id().toString());
        ArrayNode arr = doc.putArray("history");
        for (ImageHistory.Step r : ImageHistory.of(im)) {
            ObjectNode n = arr.addObject();
            n.put("created", JsonDocs.time(r.entry().created()));
            n.put("createdBy", r.entry().createdBy());
            n.put("comment", r.entry().comment());
            n.put("emptyLayer", r.entry().emptyLayer());
            n.put("layer", r.layer() == null ? null : r.layer().digest().toString());
            n.put("size", r.layer() == null ? 0 : r.layer().size());
        }
        return doc;
    }

    static ObjectNode summary(StoredImage im) {
        ObjectNode n = OciJson.MAPPER.createObjectNode();
        n.put("name", im.ref().name());
        n.put("tag", im.ref().tag());
        n.put("id", im.id().toString());
        n.put("manifestDigest", im.manifestDescriptor().digest().toString());
        n.put("created", JsonDocs.time(im.config().created()));
        n.put("size", im.blobSize());
        n.put("layers", im.manifest().layers().size());
        return n;
    }

    private static ObjectNode inspect(ImageStore store, StoredImage im, Map<Digest, Integer> refCounts) {
        ObjectNode n = summary(im);
        ImageConfig c = im.config();
        n.put("architecture", c.architecture());
        n.put("os", c.os());
        ObjectNode cfg = n.putObject("config");
        strings(cfg.putArray("entrypoint"), c.entrypoint());
        strings(cfg.putArray("cmd"), c.cmd());
        strings(cfg.putArray("env"), c.env());
        cfg.put("workingDir", c.workingDir());
        cfg.put("user", c.user());
        ObjectNode labels = cfg.putObject("labels");
        c.labels().forEach(labels::put);
        ArrayNode layers = n.putArray("layers");
        List<Digest> chains = im.chainIds();
        List<Digest> diffIds = c.diffIds();
        for (int i = 0; i < chains.size(); i++) {
            Descriptor blob = im.manifest().layers().get(i);
            ObjectNode l = layers.addObject();
            l.put("digest", blob.digest().toString());
            l.put("mediaType", blob.mediaType());
            l.put("size", blob.size());
            l.put("diffId", diffIds.get(i).toString());
            l.put("chainId", chains.get(i).toString());
            LayerRecord r = store.layers().get(chains.get(i)).orElse(null);
            l.put("dir", r == null ? null : r.fs().toString());
            l.put("unpackedBytes", r == null ? 0 : r.fileBytes());
            l.put("entries", r == null ? 0 : r.entries());
            l.put("sharedBy", refCounts.getOrDefault(chains.get(i), 0));
        }
        ArrayNode lowers = n.putArray("lowerDirs");
        store.lowerDirs(im).forEach(p -> lowers.add(p.toString()));
        return n;
    }

    private static void strings(ArrayNode a, List<String> v) {
        v.forEach(a::add);
    }
}
