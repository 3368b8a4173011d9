package io.edgefusion.image.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.image.ImageException;
import io.edgefusion.image.oci.Descriptor;
import io.edgefusion.image.oci.MediaTypes;
import io.edgefusion.image.oci.OciJson;
import io.edgefusion.image.store.AtomicFiles;
import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.store.StoredImage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code image save}: writes an image into an OCI image layout directory that umoci, skopeo and containerd
 * read ({@code oci:DIR:TAG}). An existing layout keeps its other images; an image of the same tag is replaced.
 * Blobs are copied from the store through a digest check, each written to a temp name, fsynced and renamed;
 * index.json is replaced last and atomically.
 */
public final class Exporter {
    private final ImageStore store;

    public Exporter(ImageStore store) {
        this.store = store;
    }

    /** Writes {@code image} into {@code dir} under {@code tag} (the image's own tag when null). */
    public void save(StoredImage image, Path dir, String tag) {
        String t = tag == null ? image.ref().tag() : tag;
        try {
            if (Files.exists(dir) && !Files.isRegularFile(dir.resolve("oci-layout"))) {
                try (var s = Files.list(dir)) {
                    if (s.findAny().isPresent()) {
                        throw new ImageException(dir + ": exists and is not an OCI layout; choose an empty or new directory");
                    }
                }
            }
            Path blobs = dir.resolve("blobs").resolve("sha256");
            Files.createDirectories(blobs);
            List<Descriptor> all = new ArrayList<>();
            all.add(image.manifestDescriptor());
            all.add(image.manifest().config());
            all.addAll(image.manifest().layers());
            for (Descriptor d : all) {
                copyBlob(d, blobs);
            }
            AtomicFiles.write(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(), dir);
            AtomicFiles.write(dir.resolve("index.json"), index(dir, image, t), dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void copyBlob(Descriptor d, Path blobs) throws IOException {
        Path target = blobs.resolve(d.digest().hex());
        if (Files.isRegularFile(target) && Files.size(target) == d.size()) {
            return;
        }
        Path tmp = blobs.resolve(".tmp-" + UUID.randomUUID());
        try (InputStream in = store.blobs().open(d.digest());
             OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW)) {
            in.transferTo(out);
        }
        try {
            AtomicFiles.fsync(tmp);
            AtomicFiles.moveInto(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static byte[] index(Path dir, StoredImage image, String tag) throws IOException {
        ObjectNode n = OciJson.MAPPER.createObjectNode();
        n.put("schemaVersion", 2);
        n.put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode arr = n.putArray("manifests");
        Path existing = dir.resolve("index.json");
        if (Files.isRegularFile(existing)) {
            JsonNode old = OciJson.parseObject(Files.readAllBytes(existing), existing.toString()).get("manifests");
            if (old != null) {
                for (JsonNode m : old) {
                    JsonNode ann = m.path("annotations").path(Descriptor.REF_NAME);
                    if (!tag.equals(ann.asText(null))) {
                        arr.add(m);
                    }
                }
            }
        }
        Descriptor md = image.manifestDescriptor();
        // the tag alone is what skopeo and umoci look up; the full name lets image load keep the image's name
        Map<String, String> ann = new java.util.TreeMap<>(Map.of(Descriptor.REF_NAME, tag,
                "io.containerd.image.name", new io.edgefusion.image.oci.ImageRef(image.ref().name(), tag).toString()));
        arr.add(new Descriptor(md.mediaType(), md.digest(), md.size(), ann, null, null).toJson());
        return OciJson.bytes(n);
    }
}
