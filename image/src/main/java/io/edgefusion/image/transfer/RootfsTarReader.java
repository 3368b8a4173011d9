package io.edgefusion.image.transfer;

import io.edgefusion.image.ImageException;
import io.edgefusion.image.oci.Descriptor;
import io.edgefusion.image.oci.Digest;
import io.edgefusion.image.oci.ImageConfig;
import io.edgefusion.image.oci.Manifest;
import io.edgefusion.image.oci.MediaTypes;
import io.edgefusion.image.unpack.ExpansionGuard;
import io.edgefusion.image.unpack.UnpackOptions;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tar of a root file system (optionally gzipped) as a one-layer image, as {@code docker import} makes one: the
 * file itself is the layer blob, the config is an empty linux config of this machine's architecture with that
 * layer (no Cmd, no Env: {@code run IMAGE -- CMD} gives the command), created now. One pass over the file finds
 * the blob digest and the diff id; the import then unpacks it with every layer rule and limit.
 */
final class RootfsTarReader {
    private RootfsTarReader() {
    }

    static SourceImage read(Path file, UnpackOptions options) {
        boolean gzip;
        MessageDigest blobMd = Digest.sha256();
        MessageDigest tarMd = Digest.sha256();
        long size;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            ExpansionGuard.Counter counted = new ExpansionGuard.Counter(new DigestInputStream(raw, blobMd));
            InputStream tar = gzip ? new ExpansionGuard(new GzipCompressorInputStream(counted, true), counted,
                    new AtomicLong(), options, file.toString()) : counted;
            try (InputStream in = new DigestInputStream(tar, tarMd)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            size = counted.count();
        } catch (IOException e) {
            throw new ImageException(file + ": corrupt or truncated archive (" + e.getMessage() + ")", e);
        }
        Descriptor layer = new Descriptor(gzip ? MediaTypes.OCI_LAYER_GZIP : MediaTypes.OCI_LAYER, Digest.of(blobMd),
                size);
        String created = Instant.now().toString();
        byte[] config = ImageConfig.scratch(created)
                .withLayer(Digest.of(tarMd), "edgefusion image import " + file.getFileName() + " (root file system)",
                        created).bytes();
        Descriptor configDesc = new Descriptor(MediaTypes.OCI_CONFIG, Digest.of(config), config.length);
        byte[] manifest = Manifest.ociBytes(configDesc, List.of(layer));
        return new SourceImage(null, null, manifest, Manifest.parse(manifest, file + " manifest"), config,
                d -> Files.newInputStream(file));
    }
}
