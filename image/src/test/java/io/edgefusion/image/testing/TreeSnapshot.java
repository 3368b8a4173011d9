package io.edgefusion.image.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A listing of a tree — type, mode, owner, size, content hash or link target, mtime — to compare two trees or
 * one tree before and after an operation.
 */
public final class TreeSnapshot {
    private TreeSnapshot() {
    }

    public static Map<String, String> of(Path root, boolean withMtime) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                String rel = root.relativize(p).toString();
                out.put(rel.isEmpty() ? "." : rel, describe(p, withMtime && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static String describe(Path p, boolean withMtime) throws IOException {
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        int uid = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int gid = (Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
        String what;
        if (a.isSymbolicLink()) {
            what = "link->" + Files.readSymbolicLink(p);
        } else if (a.isRegularFile()) {
            what = "file " + a.size() + " " + io.edgefusion.image.oci.Digest.of(Files.readAllBytes(p)).shortHex();
        } else if (a.isDirectory()) {
            what = "dir";
        } else {
            what = "other rdev=" + Files.getAttribute(p, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
        }
        return what + " mode=" + Integer.toOctalString(mode) + " " + uid + ":" + gid
                + (withMtime && !a.isSymbolicLink() ? " mtime=" + a.lastModifiedTime().toMillis() / 1000 : "");
    }
}
