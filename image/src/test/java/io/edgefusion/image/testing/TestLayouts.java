package io.edgefusion.image.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.image.oci.Descriptor;
import io.edgefusion.image.oci.Digest;
import io.edgefusion.image.oci.Manifest;
import io.edgefusion.image.oci.MediaTypes;
import io.edgefusion.image.oci.OciJson;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Writes OCI image layouts from raw layer tars, the way a registry client would leave them. */
public final class TestLayouts {
    private TestLayouts() {
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bos.toByteArray();
    }

    /** A layout at {@code dir} holding one image tagged {@code tag} whose layers are the given tars (bottom first). */
    public static Path write(Path dir, String tag, List<byte[]> tars) throws IOException {
        List<byte[]> blobs = new ArrayList<>();
        List<Digest> diffIds = new ArrayList<>();
        for (byte[] t : tars) {
            blobs.add(gzip(t));
            diffIds.add(Digest.of(t));
        }
        return writeBlobs(dir, tag, blobs, diffIds, MediaTypes.OCI_LAYER_GZIP);
    }

    /** Like {@link #write} but with the layer blobs and diff ids given as they are (to make them lie). */
    public static Path writeBlobs(Path dir, String tag, List<byte[]> layerBlobs, List<Digest> diffIds, String mediaType)
            throws IOException {
        Path blobs = Files.createDirectories(dir.resolve("blobs/sha256"));
        List<Descriptor> layers = new ArrayList<>();
        for (byte[] b : layerBlobs) {
            Digest d = Digest.of(b);
            Files.write(blobs.resolve(d.hex()), b);
            layers.add(new Descriptor(mediaType, d, b.length));
        }
        ObjectNode cfg = OciJson.MAPPER.createObjectNode();
        cfg.put("created", "2024-01-01T00:00:00Z");
        cfg.put("architecture", "amd64");
        cfg.put("os", "linux");
        cfg.putObject("config").putArray("Cmd").add("/bin/sh");
        ObjectNode rootfs = cfg.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode ids = rootfs.putArray("diff_ids");
        diffIds.forEach(d -> ids.add(d.toString()));
        byte[] config = OciJson.bytes(cfg);
        Digest cd = Digest.of(config);
        Files.write(blobs.resolve(cd.hex()), config);
        byte[] manifest = Manifest.ociBytes(new Descriptor(MediaTypes.OCI_CONFIG, cd, config.length), layers);
        Digest md = Digest.of(manifest);
        Files.write(blobs.resolve(md.hex()), manifest);
        ObjectNode index = OciJson.MAPPER.createObjectNode();
        index.put("schemaVersion", 2);
        index.putArray("manifests").add(new Descriptor(MediaTypes.OCI_MANIFEST, md, manifest.length,
                Map.of(Descriptor.REF_NAME, tag), null, null).toJson());
        Files.write(dir.resolve("index.json"), OciJson.bytes(index));
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        return dir;
    }
}
