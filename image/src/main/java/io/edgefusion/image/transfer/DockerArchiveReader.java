package io.edgefusion.image.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefusion.image.ImageException;
import io.edgefusion.image.oci.Descriptor;
import io.edgefusion.image.oci.Digest;
import io.edgefusion.image.oci.ImageConfig;
import io.edgefusion.image.oci.ImageRef;
import io.edgefusion.image.oci.Manifest;
import io.edgefusion.image.oci.MediaTypes;
import io.edgefusion.image.oci.OciJson;
import io.edgefusion.image.unpack.EntryPath;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@code docker save} archive: {@code manifest.json} lists, per image, the config file, the RepoTags and the
 * layer tars bottom first. There is no OCI manifest, so one is made: the config keeps its bytes (and so its
 * digest, docker's image ID), and each layer tar becomes a layer descriptor, gzip or plain by its magic bytes.
 */
final class DockerArchiveReader {
    private DockerArchiveReader() {
    }

    static SourceImage read(Map<String, ArchiveStager.Staged> staged, String tag, String archive) throws IOException {
        ArchiveStager.Staged mf = staged.get("manifest.json");
        byte[] mfBytes = Files.readAllBytes(mf.file());
        JsonNode list;
        try {
            list = OciJson.MAPPER.readTree(mfBytes);
        } catch (IOException e) {
            throw new ImageException(archive + ": manifest.json is not valid JSON");
        }
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new ImageException(archive + ": manifest.json lists no images");
        }
        JsonNode pick = null;
        List<String> tags = new ArrayList<>();
        for (JsonNode img : list) {
            for (JsonNode t : img.path("RepoTags")) {
                tags.add(t.asText());
                if (tag != null && (t.asText().equals(tag) || t.asText().endsWith(":" + tag))) {
                    pick = pick == null ? img : pick;
                }
            }
        }
        if (tag == null) {
            if (list.size() != 1) {
                throw new ImageException(archive + ": holds " + list.size() + " images; name one as SRC:TAG (tags: "
                        + String.join(", ", tags) + ")");
            }
            pick = list.get(0);
        } else if (pick == null) {
            throw new ImageException(archive + ": no image tagged '" + tag + "' (tags: " + String.join(", ", tags) + ")");
        }
        ArchiveStager.Staged config = member(staged, pick.path("Config").asText(null), archive);
        byte[] configBytes = Files.readAllBytes(config.file());
        ImageConfig.parse(configBytes, archive + " config");
        List<Descriptor> layers = new ArrayList<>();
        for (JsonNode l : pick.path("Layers")) {
            ArchiveStager.Staged s = member(staged, l.asText(), archive);
            layers.add(new Descriptor(gzip(s) ? MediaTypes.OCI_LAYER_GZIP : MediaTypes.OCI_LAYER, s.digest(), s.size()));
        }
        Descriptor cd = new Descriptor(MediaTypes.OCI_CONFIG, config.digest(), config.size());
        byte[] manifest = Manifest.ociBytes(cd, layers);
        Map<Digest, ArchiveStager.Staged> byDigest = new java.util.HashMap<>();
        staged.values().forEach(s -> byDigest.putIfAbsent(s.digest(), s));
        String name = null;
        JsonNode repoTags = pick.path("RepoTags");
        if (repoTags.isArray() && !repoTags.isEmpty()) {
            try {
                name = ImageRef.parse(repoTags.get(0).asText()).toString();
            } catch (ImageException ignored) {
                // leave it to the caller's NAME:TAG
            }
        }
        return new SourceImage(name, null, manifest, Manifest.parse(manifest, archive + " manifest"), configBytes,
                d -> {
                    ArchiveStager.Staged s = byDigest.get(d.digest());
                    if (s == null) {
                        throw new ImageException(archive + ": no member with digest " + d.digest());
                    }
                    return Files.newInputStream(s.file());
                });
    }

    private static ArchiveStager.Staged member(Map<String, ArchiveStager.Staged> staged, String name, String archive) {
        EntryPath p = name == null ? null : EntryPath.parse(name, archive + ": manifest.json reference");
        ArchiveStager.Staged s = p == null ? null : staged.get(p.toString());
        if (s == null) {
            throw new ImageException(archive + ": manifest.json names '" + name + "', which the archive lacks");
        }
        return s;
    }

    private static boolean gzip(ArchiveStager.Staged s) throws IOException {
        try (InputStream in = Files.newInputStream(s.file())) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }
}
