package io.edgefusion.image.build;

import io.edgefusion.image.ImageException;
import io.edgefusion.image.layer.TarItem;
import io.edgefusion.image.unpack.Lowers;
import io.edgefusion.kernel.sys.Statx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The layer a COPY makes: each source (a file or a directory's contents, relative to the build context, which
 * it may not leave) under the destination, with the source's mode unless {@code --chmod}, owner 0:0 unless
 * {@code --chown}, and the build's fixed mtime. Symlinks in the context are copied as symlinks; hardlinks become
 * separate files; wildcards are not expanded. Directories above the destination are included with the owner and
 * mode they have in the image below (0755 root when new), so a COPY never changes them by accident.
 */
final class CopyPlanner {
    private CopyPlanner() {
    }

    /**
     * The items, and a fingerprint of their sources (path, inode, size, mtime and ctime in nanoseconds) that
     * changes whenever any source might have: equal fingerprints let a rebuild reuse the layer without reading
     * the files, the way buildkit's content cache trusts stat data.
     */
    record Plan(List<TarItem> items, String fingerprint) {
    }

    static Plan plan(Path context, Instruction.Copy copy, String dest, long mtime, List<Path> lowersTopFirst) {
        Map<String, TarItem> items = new LinkedHashMap<>();
        StringBuilder fp = new StringBuilder();
        List<Path> sources = new ArrayList<>();
        boolean anyDir = false;
        for (String s : copy.sources()) {
            Path p = context.resolve(s.startsWith("/") ? s.substring(1) : s).normalize();
            if (!p.startsWith(context)) {
                throw new ImageException("COPY " + s + ": outside the build context " + context);
            }
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new ImageException("COPY " + s + ": no such file in the build context " + context);
            }
            anyDir |= Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
            sources.add(p);
        }
        boolean destIsDir = dest.endsWith("/") || sources.size() > 1 || anyDir;
        String destPath = strip(dest);
        try {
            for (Path src : sources) {
                if (Files.isDirectory(src, LinkOption.NOFOLLOW_LINKS)) {
                    try (Stream<Path> walk = Files.walk(src)) {
                        for (Path x : walk.toList()) {
                            String rel = src.relativize(x).toString();
                            String target = join(destPath, rel);
                            if (!target.isEmpty()) {
                                items.put(target, item(x, target, copy, mtime));
                                fingerprint(fp, x, target);
                            }
                        }
                    }
                } else {
                    String target = destIsDir ? join(destPath, src.getFileName().toString()) : destPath;
                    if (target.isEmpty()) {
                        throw new ImageException("COPY " + src.getFileName() + " /: a file cannot replace the root");
                    }
                    items.put(target, item(src, target, copy, mtime));
                    fingerprint(fp, src, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String target : List.copyOf(items.keySet())) {
            for (String parent = parentOf(target); parent != null && !items.containsKey(parent); parent = parentOf(parent)) {
                Statx st = Lowers.directory(lowersTopFirst, parent);
                items.put(parent, st == null ? TarItem.dir(parent, 0755, 0, 0, mtime)
                        : TarItem.dir(parent, st.permissions(), st.uid(), st.gid(), st.mtimeSec()));
            }
        }
        List<TarItem> out = new ArrayList<>(items.values());
        out.forEach(it -> fp.append(it.path()).append(' ').append(it.mode()).append(' ').append(it.uid()).append(':')
                .append(it.gid()).append(' ').append(it.mtimeSec()).append('\n'));
        return new Plan(out, fp.toString());
    }

    private static void fingerprint(StringBuilder fp, Path src, String target) throws IOException {
        Map<String, Object> a = Files.readAttributes(src, "unix:ino,size,lastModifiedTime,ctime,mode", LinkOption.NOFOLLOW_LINKS);
        fp.append(target).append(' ').append(a.get("ino")).append(' ').append(a.get("size")).append(' ')
                .append(((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).to(java.util.concurrent.TimeUnit.NANOSECONDS))
                .append(' ').append(((java.nio.file.attribute.FileTime) a.get("ctime")).to(java.util.concurrent.TimeUnit.NANOSECONDS))
                .append(' ').append(a.get("mode")).append('\n');
    }

    private static TarItem item(Path x, String target, Instruction.Copy copy, long mtime) throws IOException {
        PosixFileAttributes a = Files.readAttributes(x, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        int uid = copy.uid() == null ? 0 : copy.uid();
        int gid = copy.gid() == null ? 0 : copy.gid();
        int srcMode = (Integer) Files.getAttribute(x, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
        int mode = copy.chmod() == null ? srcMode : copy.chmod();
        if (a.isSymbolicLink()) {
            return TarItem.symlink(target, Files.readSymbolicLink(x).toString(), uid, gid, mtime);
        }
        if (a.isDirectory()) {
            return TarItem.dir(target, mode, uid, gid, mtime);
        }
        if (a.isRegularFile()) {
            return TarItem.file(target, mode, uid, gid, mtime, a.size(), () -> Files.newInputStream(x, LinkOption.NOFOLLOW_LINKS));
        }
        throw new ImageException("COPY " + x + ": only files, directories and symlinks can be copied");
    }

    /** {@code /app/lib/} → {@code app/lib}; the root is the empty string. */
    static String strip(String p) {
        String s = Path.of("/").resolve(p).normalize().toString();
        if (s.contains("..")) {
            throw new ImageException("path " + p + " leaves the root");
        }
        return s.equals("/") ? "" : s.substring(1);
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "/" + b;
    }

    private static String parentOf(String p) {
        int slash = p.lastIndexOf('/');
        return slash < 0 ? null : p.substring(0, slash);
    }
}
