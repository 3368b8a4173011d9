package io.edgefusion.guardian.evidence;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A bundle directory as a gzip'd tar and back. Reading never unpacks to disk: the three small files are kept in
 * memory and snapshot files are only hashed as they stream past, so a hostile archive (links, {@code ..},
 * absolute names) cannot write anywhere; such entries are refused.
 */
final class BundleTar {
    private static final Set<String> TOP = Set.of(EvidenceBundle.MANIFEST, EvidenceBundle.KEY, EvidenceBundle.RECORDS);

    private BundleTar() {
    }

    /** What a tar bundle holds: the top-level files' bytes and each record's snapshot files, hashed. */
    record Entries(Path source, Map<String, byte[]> top, Map<Long, Map<String, SnapshotFile>> snapshots) {
        byte[] file(String name) {
            byte[] b = top.get(name);
            if (b == null) {
                throw new EvidenceException(source, "not an evidence bundle: no " + name);
            }
            return b;
        }
    }

    static void write(Path dir, Path tarGz) throws IOException {
        try (OutputStream f = Files.newOutputStream(tarGz);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(new BufferedOutputStream(f)))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            List<Path> all;
            try (Stream<Path> s = Files.walk(dir)) {
                all = s.filter(p -> !p.equals(dir)).sorted().toList();
            }
            for (Path p : all) {
                String name = Snapshots.relativize(dir, p);
                boolean isDir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
                TarArchiveEntry e = new TarArchiveEntry(isDir ? name + "/" : name);
                e.setMode(isDir ? 0755 : 0644);
                e.setModTime(Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS));
                if (!isDir) {
                    e.setSize(Files.size(p));
                }
                tar.putArchiveEntry(e);
                if (!isDir) {
                    Files.copy(p, tar);
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
    }

    static Entries read(Path tarGz) {
        Map<String, byte[]> top = new HashMap<>();
        Map<Long, Map<String, SnapshotFile>> snapshots = new HashMap<>();
        try (InputStream f = Files.newInputStream(tarGz);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new BufferedInputStream(f)))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                String name = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
                if (e.isDirectory()) {
                    continue;
                }
                if (!e.isFile() || name.startsWith("/") || List.of(name.split("/")).contains("..")) {
                    throw new EvidenceException(tarGz, "entry " + name + ": only plain files with relative"
                            + " names belong in an evidence bundle");
                }
                if (TOP.contains(name)) {
                    top.put(name, tar.readAllBytes());
                    continue;
                }
                String[] parts = name.split("/", 3);
                if (parts.length == 3 && parts[0].equals(Snapshots.DIR) && parts[1].matches("[1-9][0-9]{0,18}")) {
                    snapshots.computeIfAbsent(Long.parseLong(parts[1]), k -> new TreeMap<>())
                            .put(parts[2], Snapshots.digest(parts[2], tar));
                    continue;
                }
                throw new EvidenceException(tarGz, "entry " + name + ": not part of an evidence bundle");
            }
        } catch (IOException e) {
            throw new EvidenceException(tarGz, "not a readable tar.gz bundle: " + e.getMessage(), e);
        }
        return new Entries(tarGz, top, snapshots);
    }
}
