package io.edgefusion.image.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.image.oci.Descriptor;
import io.edgefusion.image.oci.ImageRef;
import io.edgefusion.image.oci.MediaTypes;
import io.edgefusion.image.oci.OciJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The store's tags: {@code image/index.json}, an OCI image index whose manifest descriptors carry the full
 * {@code name:tag} in {@code io.edgefusion.image.name} (and the tag alone in the standard ref.name annotation,
 * so OCI tools can read the store). Read-modify-write happens under the index lock and ends in an atomic
 * rename.
 */
public final class TagIndex {
    public static final String NAME_ANNOTATION = "io.edgefusion.image.name";

    private final StoreLayout layout;

    public TagIndex(StoreLayout layout) {
        this.layout = layout;
    }

    /** Every tag and the manifest it names, sorted by name. */
    public Map<ImageRef, Descriptor> read() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(layout.index());
        } catch (NoSuchFileException e) {
            return new TreeMap<>();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode n = OciJson.parseObject(bytes, "store index " + layout.index());
        Map<ImageRef, Descriptor> out = new TreeMap<>();
        JsonNode ms = n.get("manifests");
        if (ms != null) {
            for (JsonNode m : ms) {
                Descriptor d = Descriptor.from(m, "store index entry");
                String name = d.annotations().get(NAME_ANNOTATION);
                if (name != null) {
                    Map<String, String> ann = new HashMap<>(d.annotations());
                    ann.remove(NAME_ANNOTATION); // the map key says it; update() writes both back
                    ann.remove(Descriptor.REF_NAME);
                    out.put(ImageRef.parse(name), d.withAnnotations(ann));
                }
            }
        }
        return out;
    }

    /** Applies {@code change} to the tag map under the index lock and publishes the result atomically. */
    public void update(Consumer<Map<ImageRef, Descriptor>> change) {
        try (FileLock ignored = FileLock.exclusive(layout.locks().resolve("index.lock"))) {
            Map<ImageRef, Descriptor> before = read();
            Map<ImageRef, Descriptor> tags = new TreeMap<>(before);
            change.accept(tags);
            if (tags.equals(before)) {
                return; // nothing to publish (a rebuild that produced the same image)
            }
            ObjectNode n = OciJson.MAPPER.createObjectNode();
            n.put("schemaVersion", 2);
            n.put("mediaType", MediaTypes.OCI_INDEX);
            ArrayNode arr = n.putArray("manifests");
            tags.forEach((ref, d) -> {
                Map<String, String> ann = new HashMap<>(d.annotations());
                ann.put(NAME_ANNOTATION, ref.toString());
                ann.put(Descriptor.REF_NAME, ref.tag());
                arr.add(d.withAnnotations(ann).toJson());
            });
            AtomicFiles.write(layout.index(), OciJson.bytes(n), layout.tmp());
        }
    }
}
