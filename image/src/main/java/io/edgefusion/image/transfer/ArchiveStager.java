package io.edgefusion.image.transfer;

import io.edgefusion.image.ImageException;
import io.edgefusion.image.oci.Digest;
import io.edgefusion.image.unpack.EntryPath;
import io.edgefusion.image.unpack.ExpansionGuard;
import io.edgefusion.image.unpack.LayerRejected;
import io.edgefusion.image.unpack.UnpackOptions;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies the regular files of an image archive (OCI archive or docker save, optionally gzipped) into a private
 * staging directory under numbered names, hashing each on the way. Archive member names are only map keys —
 * they never become paths — and the same hostile-name rules as for layers apply.
 */
final class ArchiveStager {
    /** A staged member: where its bytes are, their sha256 and size. */
    record Staged(Path file, Digest digest, long size) {
    }

    private ArchiveStager() {
    }

    /**
     * The archive holds a file no image archive has (e.g. {@code etc/passwd}): it is a root file system tar, and
     * staging stops at once instead of copying the whole tree.
     */
    static final class NotAnImageArchive extends RuntimeException {
        NotAnImageArchive() {
            super(null, null, false, false);
        }
    }

    /** Top-level directories of a root file system (FHS); no image archive format names a directory so. */
    private static final java.util.Set<String> ROOTFS_DIRS = java.util.Set.of("bin", "boot", "etc", "home", "lib",
            "lib32", "lib64", "libx32", "media", "mnt", "opt", "root", "run", "sbin", "srv", "usr", "var");

    /**
     * A file under a root file system's top-level directory ({@code etc/passwd}, {@code usr/bin/x}): image
     * archives keep theirs at the top level, under {@code blobs/} or under layer directories named by the
     * archive's manifest (ids, in practice), never under {@code etc/}. Anything else is decided at the end, by
     * whether the archive has an image index or manifest at all.
     */
    static boolean looksLikeRootfs(String member) {
        int slash = member.indexOf('/');
        return slash > 0 && ROOTFS_DIRS.contains(member.substring(0, slash));
    }

    static Map<String, Staged> stage(Path archive, Path stageDir, UnpackOptions options) {
        long maxBytes = options.maxLayerBytes();
        Map<String, Staged> out = new HashMap<>();
        long total = 0;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            ExpansionGuard.Counter compressed = new ExpansionGuard.Counter(raw);
            InputStream in = b0 == 0x1f && b1 == 0x8b ? new ExpansionGuard(new GzipCompressorInputStream(compressed,
                    true), compressed, new AtomicLong(), options, archive.toString()) : raw;
            TarArchiveInputStream tar = new TarArchiveInputStream(in);
            TarArchiveEntry e;
            int n = 0;
            while ((e = tar.getNextEntry()) != null) {
                EntryPath p = EntryPath.parse(e.getName(), archive.getFileName() + ": member");
                if (p == null || !e.isFile()) {
                    continue;
                }
                String key = p.toString();
                if (looksLikeRootfs(key)) {
                    throw new NotAnImageArchive();
                }
                if (out.containsKey(key)) {
                    throw new LayerRejected(archive + ": duplicate member '" + key + "'");
                }
                total += e.getSize();
                if (total > maxBytes) {
                    throw new LayerRejected(archive + ": members exceed the " + maxBytes + "-byte limit");
                }
                Path f = stageDir.resolve(Integer.toString(n++));
                MessageDigest md = Digest.sha256();
                try (OutputStream os = new DigestOutputStream(Files.newOutputStream(f), md)) {
                    long copied = tar.transferTo(os);
                    if (copied != e.getSize()) {
                        throw new LayerRejected(archive + ": member '" + key + "' is truncated");
                    }
                }
                out.put(key, new Staged(f, Digest.of(md), e.getSize()));
            }
        } catch (IOException e) {
            throw new ImageException(archive + ": corrupt or truncated archive (" + e.getMessage() + ")", e);
        }
        return out;
    }
}
