package io.edgefusion.image.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.image.ImageException;
import io.edgefusion.image.oci.Descriptor;
import io.edgefusion.image.oci.ImageConfig;
import io.edgefusion.image.oci.ImageRef;
import io.edgefusion.image.oci.Manifest;
import io.edgefusion.image.oci.MediaTypes;
import io.edgefusion.image.oci.OciJson;
import io.edgefusion.image.store.BlobStore;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Finds one image in an OCI image layout (a directory or a staged archive): by tag (the
 * {@code org.opencontainers.image.ref.name} annotation), or the only one; a nested index (multi-platform) is
 * narrowed to linux on this machine's architecture. Every document is read through a digest check.
 */
final class OciLayoutReader {
    private final SourceImage.Blobs blobs;
    private final String sourceName;

    OciLayoutReader(SourceImage.Blobs blobs, String sourceName) {
        this.blobs = blobs;
        this.sourceName = sourceName;
    }

    SourceImage read(byte[] indexJson, String tag) {
        ObjectNode index = OciJson.parseObject(indexJson, sourceName + " index.json");
        List<Descriptor> all = manifests(index, sourceName + " index.json");
        List<Descriptor> picked;
        if (tag != null) {
            picked = all.stream().filter(d -> tag.equals(d.annotations().get(Descriptor.REF_NAME))
                    || tag.equals(d.annotations().get("io.containerd.image.name"))).toList();
            if (picked.isEmpty()) {
                throw new ImageException(sourceName + ": no image tagged '" + tag + "' (tags: " + tags(all) + ")");
            }
        } else {
            picked = all;
            if (picked.size() != 1) {
                throw new ImageException(sourceName + ": holds " + all.size() + " images; name one as SRC:TAG (tags: "
                        + tags(all) + ")");
            }
        }
        Descriptor d = picked.getFirst();
        String refName = d.annotations().getOrDefault("io.containerd.image.name", d.annotations().get(Descriptor.REF_NAME));
        while (MediaTypes.isIndex(d.mediaType())) {
            d = platform(manifests(OciJson.parseObject(document(d), "index " + d.digest()), "index " + d.digest()));
        }
        if (!MediaTypes.isManifest(d.mediaType()) && d.mediaType() != null) {
            throw new ImageException(sourceName + ": " + d.mediaType() + " is not an image manifest");
        }
        byte[] manifestBytes = document(d);
        Manifest m = Manifest.parse(manifestBytes, "manifest " + d.digest());
        byte[] config = document(m.config());
        ImageConfig.parse(config, "config " + m.config().digest());
        return new SourceImage(suggest(refName), plainTag(refName), manifestBytes, m, config, blobs);
    }

    private static List<Descriptor> manifests(ObjectNode index, String what) {
        JsonNode ms = index.get("manifests");
        if (ms == null || !ms.isArray()) {
            throw new ImageException(what + ": no manifests array");
        }
        List<Descriptor> out = new ArrayList<>();
        for (JsonNode m : ms) {
            out.add(Descriptor.from(m, what));
        }
        return out;
    }

    private Descriptor platform(List<Descriptor> ds) {
        String arch = ImageConfig.goArch();
        return ds.stream().filter(x -> "linux".equals(x.platformOs()) && arch.equals(x.platformArch())).findFirst()
                .or(() -> ds.size() == 1 ? java.util.Optional.of(ds.getFirst()) : java.util.Optional.empty())
                .orElseThrow(() -> new ImageException(sourceName + ": no image for linux/" + arch));
    }

    private byte[] document(Descriptor d) {
        if (d.size() > OciJson.MAX_DOCUMENT) {
            throw new ImageException(sourceName + ": document " + d.digest() + " declares " + d.size()
                    + " bytes, larger than any valid document");
        }
        try (InputStream in = BlobStore.verifying(blobs.open(d), d.digest(), d.size(), sourceName + " blob " + d.digest())) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ImageException(sourceName + ": blob " + d.digest() + ": " + e.getMessage(), e);
        }
    }

    private static String tags(List<Descriptor> all) {
        String t = all.stream().map(d -> d.annotations().getOrDefault(Descriptor.REF_NAME, "(untagged)"))
                .collect(Collectors.joining(", "));
        return t.isEmpty() ? "none" : t;
    }

    /** The ref name when it is a tag alone ({@code 1.36}, as skopeo and umoci write them), else null. */
    private static String plainTag(String refName) {
        if (refName == null || refName.contains(":") || refName.contains("/")) {
            return null;
        }
        try {
            return new ImageRef("x", refName).tag();
        } catch (ImageException e) {
            return null;
        }
    }

    /** A store name from the source's annotation when it is a full NAME:TAG, else null. */
    private static String suggest(String refName) {
        if (refName == null) {
            return null;
        }
        try {
            String lower = refName.toLowerCase(Locale.ROOT);
            return lower.contains(":") || lower.contains("/") ? ImageRef.parse(lower).toString() : null;
        } catch (ImageException e) {
            return null;
        }
    }
}
