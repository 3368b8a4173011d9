package io.edgefusion.image.layer;

import io.edgefusion.image.oci.ChainId;
import io.edgefusion.image.oci.Descriptor;
import io.edgefusion.image.oci.Digest;
import io.edgefusion.image.oci.MediaTypes;
import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.store.LayerRecord;
import io.edgefusion.image.store.LayerStore;
import io.edgefusion.image.unpack.LayerUnpacker;
import io.edgefusion.image.unpack.UnpackOptions;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.Deflater;

/**
 * Turns a layer tar we produce (a COPY, a RUN's upper dir, a commit) into a stored layer. First pass: hash the
 * tar only — if that diff id on this parent is already in the store with its blob, the layer is reused without
 * compressing anything (this is what makes an unchanged rebuild fast). Otherwise a second pass gzips it with
 * fixed parameters (no name, mtime 0, fixed level), and the store unpacks it through the same checked path as
 * an import.
 */
public final class LayerPublisher {
    private final ImageStore store;
    private final UnpackOptions options;

    /** Writes the layer tar; called once or twice, must write the same bytes each time. */
    @FunctionalInterface
    public interface TarProducer {
        void writeTo(OutputStream out) throws IOException;
    }

    /** A stored layer: its blob, diff id, chain id, and whether it was already there. */
    public record Published(Descriptor blob, Digest diffId, Digest chainId, boolean reused) {
    }

    public LayerPublisher(ImageStore store, UnpackOptions options) {
        this.store = store;
        this.options = options;
    }

    public Published publish(Digest parentChain, TarProducer producer, LayerUnpacker.Progress progress) {
        try {
            MessageDigest md = Digest.sha256();
            try (OutputStream hash = new DigestOutputStream(OutputStream.nullOutputStream(), md)) {
                producer.writeTo(hash);
            }
            Digest diffId = Digest.of(md);
            Digest chain = ChainId.next(parentChain, diffId);
            Optional<LayerRecord> have = store.layers().get(chain);
            if (have.isPresent() && store.blobs().has(have.get().blob().digest())) {
                return new Published(have.get().blob(), diffId, chain, true);
            }
            Path gz = store.layout().tmp().resolve("layer-" + UUID.randomUUID() + ".tar.gz");
            try {
                MessageDigest blobMd = Digest.sha256();
                try (OutputStream file = Files.newOutputStream(gz);
                     DigestOutputStream hashed = new DigestOutputStream(file, blobMd);
                     GzipCompressorOutputStream z = new GzipCompressorOutputStream(hashed, gzipParameters())) {
                    producer.writeTo(z);
                }
                Descriptor blob = new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.of(blobMd), Files.size(gz));
                LayerStore.Ensured e = store.layers().ensure(parentChain, diffId, blob, () -> Files.newInputStream(gz),
                        options, progress);
                return new Published(e.layer().blob(), diffId, chain, false);
            } finally {
                Files.deleteIfExists(gz);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fixed gzip header and level, so equal tars compress to equal blobs. */
    static GzipParameters gzipParameters() {
        GzipParameters p = new GzipParameters();
        p.setCompressionLevel(Deflater.DEFAULT_COMPRESSION);
        p.setModificationTime(0);
        p.setOperatingSystem(255);
        return p;
    }
}
