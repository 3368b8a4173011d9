package io.edgefusion.image.transfer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.image.ImageException;
import io.edgefusion.image.layer.LayerTar;
import io.edgefusion.image.layer.TarItem;
import io.edgefusion.image.oci.Descriptor;
import io.edgefusion.image.oci.Digest;
import io.edgefusion.image.oci.MediaTypes;
import io.edgefusion.image.oci.OciJson;
import io.edgefusion.image.store.AtomicFiles;
import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.store.StoredImage;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code image save --format oci-archive|docker-archive}: one image as a tar, written reproducibly through
 * {@link LayerTar} (sorted members, mtime 0, uid/gid 0, no user names), so the same image always gives the
 * same bytes. An OCI archive is the OCI layout as a tar; a docker archive is what {@code docker save} writes:
 * {@code manifest.json} ({@code [{Config, RepoTags, Layers}]}), the config as {@code HEX.json} and every layer
 * uncompressed as {@code DIFFID.tar} (docker's format has no compressed layers; each is checked against its
 * diff_id while it is measured). To a file, the tar goes to a temp file beside it that is renamed only when
 * complete, so a failure leaves nothing at the target.
 */
public final class ArchiveWriter {
    private static final int FILE_MODE = 0644;
    private static final int DIR_MODE = 0755;
    private static final long MTIME = 0;

    private final ImageStore store;

    public ArchiveWriter(ImageStore store) {
        this.store = store;
    }

    /** Writes the archive to {@code file} atomically (temp file in its directory, fsync, rename). */
    public void writeFile(StoredImage image, String tag, ArchiveFormat format, Path file) {
        if (Files.isDirectory(file)) {
            throw new ImageException(file + ": is a directory; " + format.cliName() + " writes one file");
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new ImageException(file + ": no such directory " + dir);
        }
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW),
                    1 << 16)) {
                write(image, tag, format, out);
            }
            AtomicFiles.fsync(tmp);
            AtomicFiles.moveInto(tmp, file);
        } catch (IOException e) {
            throw new ImageException(file + ": write failed (" + e.getMessage() + ")", e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to do: the temp name is hidden and unique
            }
        }
    }

    /** Writes the archive to {@code out} (not closed). */
    public void write(StoredImage image, String tag, ArchiveFormat format, OutputStream out) throws IOException {
        String t = tag == null ? image.ref().tag() : tag;
        List<TarItem> items = switch (format) {
            case OCI_ARCHIVE -> ociItems(image, t);
            case DOCKER_ARCHIVE -> dockerItems(image, t);
            case OCI_LAYOUT -> throw new ImageException("oci-layout is a directory; save it with image save NAME DIR");
        };
        LayerTar.write(items, out);
        out.flush();
    }

    private List<TarItem> ociItems(StoredImage image, String tag) {
        List<TarItem> items = new ArrayList<>();
        items.add(TarItem.dir("blobs", DIR_MODE, 0, 0, MTIME));
        items.add(TarItem.dir("blobs/sha256", DIR_MODE, 0, 0, MTIME));
        Map<Digest, Descriptor> blobs = new LinkedHashMap<>();
        blobs.put(image.manifestDescriptor().digest(), image.manifestDescriptor());
        blobs.put(image.manifest().config().digest(), image.manifest().config());
        image.manifest().layers().forEach(l -> blobs.putIfAbsent(l.digest(), l));
        for (Descriptor d : blobs.values()) {
            items.add(TarItem.file("blobs/sha256/" + d.digest().hex(), FILE_MODE, 0, 0, MTIME, d.size(),
                    () -> BlobStoreStreams.exact(store, d)));
        }
        items.add(bytes("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes()));
        ObjectNode index = OciJson.MAPPER.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        Descriptor md = image.manifestDescriptor();
        // the tag alone is what skopeo and umoci look up; the full name lets image load keep it
        Map<String, String> ann = new java.util.TreeMap<>(Map.of(Descriptor.REF_NAME, tag,
                "io.containerd.image.name", new io.edgefusion.image.oci.ImageRef(image.ref().name(), tag).toString()));
        index.putArray("manifests").add(new Descriptor(md.mediaType(), md.digest(), md.size(), ann, null, null)
                .toJson());
        items.add(bytes("index.json", OciJson.bytes(index)));
        return items;
    }

    private List<TarItem> dockerItems(StoredImage image, String tag) throws IOException {
        List<TarItem> items = new ArrayList<>();
        Descriptor config = image.manifest().config();
        String configName = config.digest().hex() + ".json";
        items.add(TarItem.file(configName, FILE_MODE, 0, 0, MTIME, config.size(),
                () -> BlobStoreStreams.exact(store, config)));
        List<Digest> diffIds = image.config().diffIds();
        List<Descriptor> layers = image.manifest().layers();
        if (diffIds.size() != layers.size()) {
            throw new ImageException(image.ref() + ": config lists " + diffIds.size() + " diff_ids for "
                    + layers.size() + " layers");
        }
        ObjectNode entry = OciJson.MAPPER.createObjectNode();
        entry.put("Config", configName);
        entry.putArray("RepoTags").add(new io.edgefusion.image.oci.ImageRef(image.ref().name(), tag).toString());
        ArrayNode names = entry.putArray("Layers");
        java.util.Set<Digest> written = new java.util.HashSet<>();
        for (int i = 0; i < layers.size(); i++) {
            Descriptor blob = layers.get(i);
            Digest diffId = diffIds.get(i);
            String name = diffId.hex() + ".tar";
            names.add(name);
            if (!written.add(diffId)) {
                continue;
            }
            boolean gzip = MediaTypes.layerCompression(blob.mediaType()) == MediaTypes.Compression.GZIP;
            long size = gzip ? uncompressedSize(blob, diffId) : blob.size();
            items.add(TarItem.file(name, FILE_MODE, 0, 0, MTIME, size,
                    () -> gzip ? new GzipCompressorInputStream(BlobStoreStreams.exact(store, blob), true)
                            : BlobStoreStreams.exact(store, blob)));
        }
        ArrayNode manifest = OciJson.MAPPER.createArrayNode().add(entry);
        items.add(bytes("manifest.json", OciJson.MAPPER.writeValueAsBytes(manifest)));
        return items;
    }

    /** The tar header needs the size first: one pass through gunzip, which also proves the diff_id. */
    private long uncompressedSize(Descriptor blob, Digest diffId) throws IOException {
        MessageDigest md = Digest.sha256();
        long n;
        try (InputStream in = new DigestInputStream(new GzipCompressorInputStream(BlobStoreStreams.exact(store, blob),
                true), md)) {
            n = in.transferTo(OutputStream.nullOutputStream());
        }
        if (!Digest.of(md).equals(diffId)) {
            throw new ImageException("layer " + blob.digest() + ": uncompresses to " + Digest.of(md)
                    + ", not its diff_id " + diffId);
        }
        return n;
    }

    private static TarItem bytes(String name, byte[] b) {
        return TarItem.file(name, FILE_MODE, 0, 0, MTIME, b.length, () -> new ByteArrayInputStream(b));
    }

    /** A stored blob; the store checks its digest at the end, the tar writer its size. */
    private static final class BlobStoreStreams {
        static InputStream exact(ImageStore store, Descriptor d) {
            return store.blobs().open(d.digest());
        }
    }
}
