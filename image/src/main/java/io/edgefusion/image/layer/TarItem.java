package io.edgefusion.image.layer;

import java.io.IOException;
import java.io.InputStream;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One entry of a layer tar we write (build, commit): path relative to the root without a leading slash, type,
 * metadata and, for regular files, where the bytes come from. Whiteouts and opaque markers are written as the
 * OCI {@code .wh.} files.
 */
public record TarItem(String path, Type type, int mode, int uid, int gid, long mtimeSec, long size, String link,
                      Content content, Map<String, byte[]> xattrs, int devMajor, int devMinor) {

    public enum Type { DIR, FILE, SYMLINK, HARDLINK, FIFO, CHAR, BLOCK, WHITEOUT, OPAQUE }

    /** Opens a file's bytes (possibly twice: once to hash, once to compress). */
    @FunctionalInterface
    public interface Content {
        InputStream open() throws IOException;
    }

    public TarItem {
        xattrs = Map.copyOf(xattrs);
    }

    public static TarItem dir(String path, int mode, int uid, int gid, long mtime) {
        return new TarItem(path, Type.DIR, mode, uid, gid, mtime, 0, null, null, Map.of(), 0, 0);
    }

    public static TarItem file(String path, int mode, int uid, int gid, long mtime, long size, Content c) {
        return new TarItem(path, Type.FILE, mode, uid, gid, mtime, size, null, c, Map.of(), 0, 0);
    }

    public static TarItem symlink(String path, String target, int uid, int gid, long mtime) {
        return new TarItem(path, Type.SYMLINK, 0777, uid, gid, mtime, 0, target, null, Map.of(), 0, 0);
    }

    public static TarItem whiteout(String path, long mtime) {
        return new TarItem(path, Type.WHITEOUT, 0, 0, 0, mtime, 0, null, null, Map.of(), 0, 0);
    }

    public static TarItem opaque(String dirPath, long mtime) {
        return new TarItem(dirPath, Type.OPAQUE, 0, 0, 0, mtime, 0, null, null, Map.of(), 0, 0);
    }

    public TarItem withXattrs(Map<String, byte[]> x) {
        return new TarItem(path, type, mode, uid, gid, mtimeSec, size, link, content, x, devMajor, devMinor);
    }

    /** The tar member name. */
    public String tarName() {
        return switch (type) {
            case DIR -> path + "/";
            case WHITEOUT -> parentPrefix(path) + ".wh." + baseName(path);
            case OPAQUE -> path.isEmpty() ? ".wh..wh..opq" : path + "/.wh..wh..opq";
            default -> path;
        };
    }

    private static String parentPrefix(String p) {
        int slash = p.lastIndexOf('/');
        return slash < 0 ? "" : p.substring(0, slash + 1);
    }

    private static String baseName(String p) {
        return p.substring(p.lastIndexOf('/') + 1);
    }

    /**
     * Component-wise path order: a directory sorts right before its contents, siblings by name (byte order of
     * UTF-16 strings); an opaque marker sorts first in its directory. Independent of the file system's readdir
     * order, which is what makes layers reproducible.
     */
    public static final Comparator<TarItem> ORDER = (a, b) -> {
        int c = comparePaths(a.path, b.path);
        if (c != 0) {
            return c;
        }
        return Integer.compare(rank(a.type), rank(b.type));
    };

    private static int rank(Type t) {
        return t == Type.DIR ? 0 : t == Type.OPAQUE ? 1 : 2;
    }

    static int comparePaths(String a, String b) {
        List<String> x = a.isEmpty() ? List.of() : List.of(a.split("/"));
        List<String> y = b.isEmpty() ? List.of() : List.of(b.split("/"));
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            int c = x.get(i).compareTo(y.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.size(), y.size());
    }
}
