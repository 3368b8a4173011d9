package io.edgefusion.cli.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.cli.output.JsonDocs;
import io.edgefusion.image.oci.Descriptor;
import io.edgefusion.image.oci.Digest;
import io.edgefusion.image.oci.ImageConfig;
import io.edgefusion.image.oci.OciJson;
import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.store.LayerRecord;
import io.edgefusion.image.store.StoredImage;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The image entries of {@code image ls --json} and {@code image inspect} (docs/json/image.ls.md, image.inspect.md). */
final class ImageJson {
    private ImageJson() {
    }

    /** {@code 1.5 MiB}: one decimal, binary units. */
    static String size(long b) {
        String[] u = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int i = 0;
        while (v >= 1024 && i < u.length - 1) {
            v /= 1024;
            i++;
        }
        return i == 0 ? b + " B" : String.format(Locale.ROOT, "%.1f %s", v, u[i]);
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

    static ObjectNode inspect(ImageStore store, StoredImage im, Map<Digest, Integer> refCounts) {
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
