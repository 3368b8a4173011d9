package io.edgefusion.guardian.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Snapshot attachments on disk: {@code EVIDENCE_DIR/snapshots/<seq>/…}, one directory per record that carries
 * one. Only regular files and directories; a symlink or a device in a snapshot is refused, so a verifier never
 * follows a link out of the bundle.
 */
public final class Snapshots {
    public static final String DIR = "snapshots";

    private Snapshots() {
    }

    /** The snapshot directory of record {@code seq} under an evidence directory (or a bundle). */
    public static Path of(Path evidenceDir, long seq) {
        return evidenceDir.resolve(DIR).resolve(Long.toString(seq));
    }

    /** The payload's name for it: {@code snapshots/<seq>}. */
    static String relative(long seq) {
        return DIR + "/" + seq;
    }

    /** Every regular file under {@code dir} with its hash, by relative path; empty when {@code dir} is absent. */
    public static Map<String, SnapshotFile> files(Path dir) {
        Map<String, SnapshotFile> out = new TreeMap<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String rel = relativize(dir, file);
                    if (!attrs.isRegularFile()) {
                        throw new EvidenceException(file, "snapshot entry " + rel + " is not a regular file"
                                + " (links and devices are not kept as evidence)");
                    }
                    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                        out.put(rel, digest(rel, in));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new EvidenceException(dir, "cannot read the snapshot: " + e.getMessage(), e);
        }
        return out;
    }

    /** The file's entry, hashing the stream to its end. */
    static SnapshotFile digest(String rel, InputStream in) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        byte[] buf = new byte[64 * 1024];
        long n = 0;
        for (int r; (r = in.read(buf)) > 0; ) {
            md.update(buf, 0, r);
            n += r;
        }
        return new SnapshotFile(rel, HexFormat.of().formatHex(md.digest()), n);
    }

    /**
     * Moves {@code source} to {@code target}: a rename when both are on one file system (stage snapshots under
     * {@link EvidenceLog#newStagingDirectory()} for that), else a copy then removal of the source.
     */
    static void move(Path source, Path target) {
        try {
            Files.createDirectories(target.getParent());
            try {
                Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                copyTree(source, target);
                removeTree(source);
            }
        } catch (IOException e) {
            removeQuietly(target);
            throw new EvidenceException(source, "cannot attach the snapshot as " + target + ": " + e.getMessage(), e);
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }

    static void removeTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static void removeQuietly(Path dir) {
        try {
            removeTree(dir);
        } catch (IOException | UncheckedIOException e) {
            // best effort on a path that already failed; the caller reports the first error
        }
    }

    static String relativize(Path dir, Path file) {
        StringBuilder b = new StringBuilder();
        for (Path part : dir.relativize(file)) {
            if (!b.isEmpty()) {
                b.append('/');
            }
            b.append(part);
        }
        return b.toString();
    }
}
