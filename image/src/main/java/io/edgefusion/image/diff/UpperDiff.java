package io.edgefusion.image.diff;

import io.edgefusion.image.layer.TarItem;
import io.edgefusion.kernel.sys.DirStream;
import io.edgefusion.kernel.sys.Errno;
import io.edgefusion.kernel.sys.ErrnoException;
import io.edgefusion.kernel.sys.FdIo;
import io.edgefusion.kernel.sys.FileSyscalls;
import io.edgefusion.kernel.sys.Libc;
import io.edgefusion.kernel.sys.Statx;
import io.edgefusion.kernel.sys.Xattrs;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads an overlay upper dir (a sandbox's, or a RUN step's) as a set of changes to the image below it, and as
 * the items of a new layer: whiteouts (0/0 character devices) become {@code .wh.} entries, opaque directories
 * an {@code .wh..wh..opq} entry. The upper dir was written by a workload, so it is walked through directory
 * fds only (O_NOFOLLOW, openat2 with RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS): a symlink planted there is
 * archived as a symlink, never followed. overlayfs' own xattrs ({@code trusted.overlay.*}) are not carried;
 * symlink xattrs and hardlinks inside the upper dir are not preserved (hardlinked files become copies).
 */
public final class UpperDiff {
    private static final long RESOLVE = FileSyscalls.RESOLVE_IN_ROOT | FileSyscalls.RESOLVE_NO_SYMLINKS
            | FileSyscalls.RESOLVE_NO_MAGICLINKS | FileSyscalls.RESOLVE_NO_XDEV;

    private final Path upper;
    private final List<Path> lowers;

    /** {@code lowers}: the image's layer dirs, top first (to tell added from changed). */
    public UpperDiff(Path upper, List<Path> lowers) {
        this.upper = upper;
        this.lowers = List.copyOf(lowers);
    }

    private record Seen(String path, Statx st, boolean opaque, Map<String, byte[]> xattrs, String link) {
    }

    /** The changes, sorted by path. */
    public List<Change> changes() {
        List<Change> out = new ArrayList<>();
        for (Seen s : walk()) {
            if (s.st().isWhiteout()) {
                out.add(new Change(Change.Kind.D, s.path(), false));
            } else {
                out.add(new Change(inLowers(s.path()) ? Change.Kind.C : Change.Kind.A, s.path(), s.opaque()));
            }
        }
        return out;
    }

    /**
     * The new layer's items. {@code mtimeClamp} (seconds, or null) caps every mtime, as a build does for
     * reproducible RUN layers.
     */
    public List<TarItem> items(Long mtimeClamp) {
        List<TarItem> out = new ArrayList<>();
        for (Seen s : walk()) {
            Statx st = s.st();
            long mtime = mtimeClamp == null ? st.mtimeSec() : Math.min(st.mtimeSec(), mtimeClamp);
            if (st.isWhiteout()) {
                out.add(TarItem.whiteout(s.path(), mtime));
            } else if (st.isDirectory()) {
                out.add(TarItem.dir(s.path(), st.permissions(), st.uid(), st.gid(), mtime).withXattrs(s.xattrs()));
                if (s.opaque()) {
                    out.add(TarItem.opaque(s.path(), mtime));
                }
            } else if (st.isSymlink()) {
                out.add(TarItem.symlink(s.path(), s.link(), st.uid(), st.gid(), mtime));
            } else if (st.isRegular()) {
                String p = s.path();
                out.add(TarItem.file(p, st.permissions(), st.uid(), st.gid(), mtime, st.size(), () -> open(p))
                        .withXattrs(s.xattrs()));
            } else {
                TarItem.Type t = switch (st.type()) {
                    case Statx.S_IFIFO -> TarItem.Type.FIFO;
                    case Statx.S_IFCHR -> TarItem.Type.CHAR;
                    case Statx.S_IFBLK -> TarItem.Type.BLOCK;
                    default -> null; // sockets are not archived
                };
                if (t != null) {
                    out.add(new TarItem(s.path(), t, st.permissions(), st.uid(), st.gid(), mtime, 0, null, null,
                            Map.of(), st.rdevMajor(), st.rdevMinor()));
                }
            }
        }
        return out;
    }

    private List<Seen> walk() {
        List<Seen> out = new ArrayList<>();
        int root = FileSyscalls.openDir(FileSyscalls.AT_FDCWD, upper.toString());
        try {
            walkDir(root, "", out);
        } finally {
            FileSyscalls.close(root);
        }
        out.sort((a, b) -> compare(a.path(), b.path()));
        return out;
    }

    private void walkDir(int dirFd, String prefix, List<Seen> out) {
        for (DirStream.Entry e : DirStream.list(dirFd, prefix.isEmpty() ? "/" : prefix)) {
            String path = prefix.isEmpty() ? e.name() : prefix + "/" + e.name();
            Statx st = FileSyscalls.statxIfExists(dirFd, e.name(), FileSyscalls.AT_SYMLINK_NOFOLLOW);
            if (st == null) {
                continue; // removed while we looked
            }
            if (st.isDirectory()) {
                int fd = FileSyscalls.openDir(dirFd, e.name());
                try {
                    byte[] opq = Xattrs.get(fd, "trusted.overlay.opaque", path);
                    out.add(new Seen(path, st, opq != null && opq.length == 1 && opq[0] == 'y', xattrs(fd, path), null));
                    walkDir(fd, path, out);
                } finally {
                    FileSyscalls.close(fd);
                }
            } else if (st.isSymlink()) {
                out.add(new Seen(path, st, false, Map.of(), FileSyscalls.readlinkat(dirFd, e.name())));
            } else if (st.isRegular()) {
                int fd = FileSyscalls.openat(dirFd, e.name(), Libc.O_RDONLY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC
                        | FileSyscalls.O_NONBLOCK, 0);
                try {
                    out.add(new Seen(path, st, false, xattrs(fd, path), null));
                } finally {
                    FileSyscalls.close(fd);
                }
            } else {
                out.add(new Seen(path, st, false, Map.of(), null));
            }
        }
    }

    private static Map<String, byte[]> xattrs(int fd, String path) {
        Map<String, byte[]> out = new TreeMap<>();
        for (String name : Xattrs.list(fd, path)) {
            if (name.startsWith("trusted.overlay.")) {
                continue;
            }
            byte[] v = Xattrs.get(fd, name, path);
            if (v != null) {
                out.put(name, v);
            }
        }
        return out;
    }

    /** Reopens a regular file of the upper dir by walking from its root again, never following a symlink. */
    private InputStream open(String path) throws IOException {
        int root = FileSyscalls.openDir(FileSyscalls.AT_FDCWD, upper.toString());
        try {
            int slash = path.lastIndexOf('/');
            int parent = slash < 0 ? root : FileSyscalls.openat2(root, path.substring(0, slash),
                    Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0, RESOLVE);
            try {
                int fd = FileSyscalls.openat(parent, path.substring(slash + 1),
                        Libc.O_RDONLY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC | FileSyscalls.O_NONBLOCK, 0);
                return new FilterInputStream(FdIo.input(fd, path)) {
                    @Override
                    public void close() {
                        FileSyscalls.close(fd);
                    }
                };
            } finally {
                if (parent != root) {
                    FileSyscalls.close(parent);
                }
            }
        } catch (ErrnoException e) {
            throw new IOException(path + " in the upper dir: " + e.getMessage(), e);
        } finally {
            FileSyscalls.close(root);
        }
    }

    /** Whether {@code path} is visible in the image: found in a lower before any whiteout of it. */
    private boolean inLowers(String path) {
        for (Path lower : lowers) {
            int fd = FileSyscalls.openDir(FileSyscalls.AT_FDCWD, lower.toString());
            try {
                int slash = path.lastIndexOf('/');
                int parent;
                try {
                    parent = slash < 0 ? fd : FileSyscalls.openat2(fd, path.substring(0, slash),
                            Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0, RESOLVE);
                } catch (ErrnoException e) {
                    if (e.is(Errno.ENOENT) || e.is(Errno.ENOTDIR) || e.is(Errno.ELOOP)) {
                        continue;
                    }
                    throw e;
                }
                try {
                    Statx st = FileSyscalls.statxIfExists(parent, path.substring(slash + 1), FileSyscalls.AT_SYMLINK_NOFOLLOW);
                    if (st != null) {
                        return !st.isWhiteout();
                    }
                } finally {
                    if (parent != fd) {
                        FileSyscalls.close(parent);
                    }
                }
            } finally {
                FileSyscalls.close(fd);
            }
        }
        return false;
    }

    private static int compare(String a, String b) {
        String[] x = a.split("/");
        String[] y = b.split("/");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }
}
