package io.edgefusion.image.unpack;

import io.edgefusion.image.ImageException;
import io.edgefusion.image.oci.Digest;
import io.edgefusion.kernel.sys.Errno;
import io.edgefusion.kernel.sys.ErrnoException;
import io.edgefusion.kernel.sys.FdIo;
import io.edgefusion.kernel.sys.FileAttrs;
import io.edgefusion.kernel.sys.FileSyscalls;
import io.edgefusion.kernel.sys.Libc;
import io.edgefusion.kernel.sys.Statx;
import io.edgefusion.kernel.sys.Xattrs;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Unpacks one OCI layer tar into an empty directory, in overlay form: {@code .wh.NAME} becomes a 0/0 character
 * device NAME, {@code .wh..wh..opq} sets {@code trusted.overlay.opaque=y} on its directory (whatever its position
 * in the tar: this layer's own entries of that directory are kept, only lower layers are hidden, which is what
 * "applied first" means). The directory can then be an overlay lowerdir as it is.
 * <p>
 * Every name is created with one *at call in a parent directory fd obtained by {@link DirFds} (openat2 with
 * RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS …), so no entry can write outside the root, whatever symlinks earlier
 * entries made. Hostile or malformed input throws {@link LayerRejected}; the caller discards the directory.
 * Entry paths may not pass through a symlink at all: layers made by docker, buildkit or umoci never need it,
 * and in overlay form lower layers' symlinks are not even present in this directory.
 */
public final class LayerUnpacker {
    private static final System.Logger LOG = System.getLogger(LayerUnpacker.class.getName());
    private static final byte[] OPAQUE_Y = {'y'};
    private static final int FILE_FLAGS = Libc.O_WRONLY | Libc.O_CREAT | FileSyscalls.O_EXCL | Libc.O_NOFOLLOW
            | Libc.O_CLOEXEC;

    /** What an unpack did; {@code diffId} is the sha256 of the whole uncompressed tar stream. */
    public record Result(Digest diffId, long tarBytes, long fileBytes, long entries, int skippedDevices,
                         List<String> warnings, List<String> implicitDirs) {
    }

    /** Reports bytes of the uncompressed tar consumed so far (for progress lines). */
    public interface Progress {
        void tarBytes(long total);

        Progress NONE = total -> { };
    }

    /** This process's umask: files created with a mode it does not clip need no fchmod. */
    private static final int UMASK = readUmask();

    private final UnpackOptions options;

    public LayerUnpacker(UnpackOptions options) {
        this.options = options;
    }

    private enum Kind { DIR, IMPLICIT_DIR, OTHER, WHITEOUT, OPAQUE }

    private record DirTime(EntryPath path, long sec, int nsec) {
    }

    /**
     * Unpacks {@code tar} (uncompressed) into {@code rootFd}, an empty directory opened O_RDONLY|O_DIRECTORY.
     * Reads {@code tar} to its very end so the returned diff id covers every byte. Directories the tar implies
     * without listing them are reported in the result for {@link ImplicitDirs#fix}.
     */
    public Result unpack(InputStream tar, int rootFd, String layerName, Progress progress) {
        CountingDigestStream counted = new CountingDigestStream(tar, options.maxLayerBytes(), layerName, progress);
        Session s = new Session(rootFd, layerName);
        try (DirFds dirs = new DirFds(rootFd)) {
            s.dirs = dirs;
            TarArchiveInputStream in = new TarArchiveInputStream(counted);
            TarArchiveEntry e;
            while ((e = nextEntry(in, layerName)) != null) {
                if (++s.entries > options.maxEntries()) {
                    throw new LayerRejected(layerName + ": more than " + options.maxEntries() + " entries");
                }
                s.entry(e, in);
            }
            counted.transferTo(OutputStream.nullOutputStream());
            if (counted.count() == 0) {
                // an empty gzip, or an empty uncompressed blob: no tar at all, not even its end-of-archive blocks
                throw new LayerRejected(layerName + ": empty layer (no tar data; an empty layer is still a tar"
                        + " archive with its end blocks)");
            }
            s.applyDirTimes();
        } catch (IOException ex) {
            throw new LayerRejected(layerName + ": corrupt or truncated archive (" + ex.getMessage() + ")", ex);
        } catch (ErrnoException ex) {
            throw new ImageException(layerName + ": " + ex.getMessage(), ex);
        }
        List<String> implicit = new ArrayList<>();
        s.seen.forEach((path, kind) -> {
            if (kind == Kind.IMPLICIT_DIR) {
                implicit.add(path);
            }
        });
        return new Result(counted.digest(), counted.count(), s.fileBytes, s.entries, s.skippedDevices,
                List.copyOf(s.warnings), List.copyOf(implicit));
    }

    private static TarArchiveEntry nextEntry(TarArchiveInputStream in, String layerName) throws IOException {
        try {
            return in.getNextEntry();
        } catch (IllegalArgumentException e) {
            throw new LayerRejected(layerName + ": corrupt tar header (" + e.getMessage() + ")", e);
        }
    }

    private final class Session {
        final int rootFd;
        final String layer;
        final boolean root = FileAttrs.geteuid() == 0;
        final Map<String, Kind> seen = new HashMap<>();
        final List<DirTime> dirTimes = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        final byte[] buf = new byte[256 * 1024];
        DirFds dirs;
        long entries;
        long fileBytes;
        int skippedDevices;

        Session(int rootFd, String layer) {
            this.rootFd = rootFd;
            this.layer = layer;
        }

        void entry(TarArchiveEntry e, InputStream data) throws IOException {
            String what = layer + ": entry '" + e.getName() + "'";
            EntryPath p = EntryPath.parse(e.getName(), layer + ": entry");
            if (p == null) {
                if (!e.isDirectory()) {
                    throw new LayerRejected(what + ": the layer root must be a directory");
                }
                applyMeta(rootFd, e, what);
                dirTimes.add(new DirTime(null, TarFields.sec(e), TarFields.nsec(e)));
                return;
            }
            if (p.parts().stream().limit(p.parts().size() - 1).anyMatch(c -> c.startsWith(EntryPath.WHITEOUT_PREFIX))) {
                throw new LayerRejected(what + ": a whiteout cannot be a directory");
            }
            String name = p.name();
            if (name.equals(EntryPath.OPAQUE)) {
                claim(p, Kind.OPAQUE, what);
                int fd = openDirForMeta(p.parent(), what);
                try {
                    Xattrs.set(fd, "trusted.overlay.opaque", OPAQUE_Y, p.parent() == null ? "/" : p.parent().toString());
                } finally {
                    FileSyscalls.close(fd);
                }
                return;
            }
            if (name.startsWith(EntryPath.WHITEOUT_PREFIX)) {
                String target = name.substring(EntryPath.WHITEOUT_PREFIX.length());
                if (target.startsWith(".wh.")) {
                    warnings.add(what + ": aufs metadata ignored");
                    return;
                }
                if (target.isEmpty() || target.equals(".") || target.equals("..")) {
                    throw new LayerRejected(what + ": whiteout of an invalid name");
                }
                EntryPath victim = p.parent() == null ? new EntryPath(List.of(target)) : p.parent().child(target);
                claim(victim, Kind.WHITEOUT, what);
                FileSyscalls.mknodat(parent(p, what), target, Statx.S_IFCHR, 0L);
                return;
            }
            if (e.getSize() > options.maxEntryBytes() || e.getSize() < 0) {
                throw new LayerRejected(what + ": absurd size " + e.getSize() + " bytes (limit "
                        + options.maxEntryBytes() + ")");
            }
            Map<String, byte[]> xattrs = PaxXattrs.of(e.getExtraPaxHeaders(), what, warnings);
            if (e.isDirectory()) {
                Kind before = seen.get(p.toString());
                claim(p, Kind.DIR, what);
                if (before != Kind.IMPLICIT_DIR) {
                    FileSyscalls.mkdirat(parent(p, what), name, 0700);
                }
                int fd = openDirForMeta(p, what);
                try {
                    applyMeta(fd, e, what);
                    setXattrs(fd, xattrs, what);
                } finally {
                    FileSyscalls.close(fd);
                }
                dirTimes.add(new DirTime(p, TarFields.sec(e), TarFields.nsec(e)));
            } else if (e.isSymbolicLink()) {
                claim(p, Kind.OTHER, what);
                int dir = parent(p, what);
                FileSyscalls.symlinkat(e.getLinkName(), dir, name);
                chownAt(dir, name, e, what);
                for (Map.Entry<String, byte[]> x : xattrs.entrySet()) {
                    symlinkXattr(dir, name, x, what);
                }
                FileAttrs.setTimes(dir, name, TarFields.sec(e), TarFields.nsec(e), FileSyscalls.AT_SYMLINK_NOFOLLOW);
            } else if (e.isLink()) {
                hardlink(p, e, what);
            } else if (e.isCharacterDevice() || e.isBlockDevice()) {
                if (options.devices() == UnpackOptions.DevicePolicy.SKIP) {
                    skippedDevices++;
                    warnings.add(what + ": device node skipped (device policy SKIP)");
                    return;
                }
                claim(p, Kind.OTHER, what);
                special(p, e, (e.isCharacterDevice() ? Statx.S_IFCHR : Statx.S_IFBLK),
                        Libc.makedev(e.getDevMajor(), e.getDevMinor()), what);
            } else if (e.isFIFO()) {
                claim(p, Kind.OTHER, what);
                special(p, e, Statx.S_IFIFO, 0L, what);
            } else if (e.isFile()) {
                claim(p, Kind.OTHER, what);
                regular(p, e, data, xattrs, what);
            } else {
                throw new LayerRejected(what + ": unsupported entry type '" + (char) e.getLinkFlag() + "'");
            }
        }

        /** Records that {@code p} is defined by this layer; a second definition is a duplicate entry. */
        private void claim(EntryPath p, Kind kind, String what) {
            String key = kind == Kind.OPAQUE ? p.toString() : p.toString();
            Kind prev = seen.get(key);
            if (prev != null && !(prev == Kind.IMPLICIT_DIR && kind == Kind.DIR)) {
                throw new LayerRejected(what + ": duplicate entry for '" + key + "'");
            }
            seen.put(key, kind);
        }

        /** The fd of {@code p}'s parent directory, creating directories the tar uses without listing them. */
        private int parent(EntryPath p, String what) {
            return dir(p.parent(), what);
        }

        private int dir(EntryPath d, String what) {
            try {
                return dirs.get(d);
            } catch (ErrnoException ex) {
                if (ex.is(Errno.ENOENT) && d != null && !seen.containsKey(d.toString())) {
                    int parentFd = dir(d.parent(), what);
                    makeImplicitDir(parentFd, d);
                    return dirs.get(d);
                }
                if (ex.is(Errno.ELOOP) || ex.is(Errno.EXDEV)) {
                    throw new LayerRejected(what + ": path passes through a symlink (" + d + "); refused");
                }
                if (ex.is(Errno.ENOTDIR) || ex.is(Errno.ENOENT)) {
                    throw new LayerRejected(what + ": parent '" + d + "' is not a directory in this layer");
                }
                throw ex;
            }
        }

        /** A directory the tar implies but does not list: 0755 root until {@link ImplicitDirs#fix} gives it its
         * metadata from the layers below (which may still be unpacking in parallel). */
        private void makeImplicitDir(int parentFd, EntryPath d) {
            FileSyscalls.mkdirat(parentFd, d.name(), 0755);
            seen.put(d.toString(), Kind.IMPLICIT_DIR);
        }

        /** A real (not O_PATH) fd of directory {@code d}, for fchown/fchmod/fsetxattr. */
        private int openDirForMeta(EntryPath d, String what) {
            int pathFd = dir(d, what);
            return FileSyscalls.openat(pathFd, ".", Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
        }

        private void regular(EntryPath p, TarArchiveEntry e, InputStream data, Map<String, byte[]> xattrs,
                             String what) throws IOException {
            int dir = parent(p, what);
            int mode = e.getMode() & 07777;
            int fd = FileSyscalls.openat(dir, p.name(), FILE_FLAGS, mode & 0777);
            try {
                long left = e.getSize();
                while (left > 0) {
                    int filled = 0;
                    int want = (int) Math.min(buf.length, left);
                    while (filled < want) { // one write per buffer, not per decompressed chunk
                        int n = data.read(buf, filled, want - filled);
                        if (n < 0) {
                            throw new LayerRejected(what + ": truncated file data");
                        }
                        filled += n;
                    }
                    FdIo.writeAll(fd, buf, 0, filled, p.toString());
                    left -= filled;
                }
                fileBytes += e.getSize();
                applyMeta(fd, e, what, (mode & 07000) == 0 && (mode & ~UMASK) == mode);
                setXattrs(fd, xattrs, what);
                FileAttrs.setTimes(fd, "", TarFields.sec(e), TarFields.nsec(e), 0);
            } finally {
                FileSyscalls.close(fd);
            }
        }

        private void special(EntryPath p, TarArchiveEntry e, int type, long dev, String what) {
            int dir = parent(p, what);
            FileSyscalls.mknodat(dir, p.name(), type | 0600, dev);
            chownAt(dir, p.name(), e, what);
            FileAttrs.chmodAt(dir, p.name(), e.getMode() & 07777);
            FileAttrs.setTimes(dir, p.name(), TarFields.sec(e), TarFields.nsec(e), FileSyscalls.AT_SYMLINK_NOFOLLOW);
        }

        private void hardlink(EntryPath p, TarArchiveEntry e, String what) {
            EntryPath target = EntryPath.parse(e.getLinkName(), what + " hardlink target");
            if (target == null || seen.get(target.toString()) != Kind.OTHER) {
                throw new LayerRejected(what + ": hardlink to '" + e.getLinkName()
                        + "', which is not a file earlier in this layer");
            }
            claim(p, Kind.OTHER, what);
            int from = parent(target, what);
            int to = parent(p, what);
            FileSyscalls.linkat(from, target.name(), to, p.name(), 0);
        }

        private void applyMeta(int fd, TarArchiveEntry e, String what) {
            applyMeta(fd, e, what, false);
        }

        /** {@code modeIsSet}: the file was created with exactly its mode (no special bits, umask kept all). */
        private void applyMeta(int fd, TarArchiveEntry e, String what, boolean modeIsSet) {
            int uid = TarFields.id(e.getLongUserId(), what);
            int gid = TarFields.id(e.getLongGroupId(), what);
            boolean chown = !root || uid != 0 || gid != 0;
            if (chown) {
                FileAttrs.chown(fd, uid, gid, what);
            }
            if (chown || !modeIsSet) {
                FileAttrs.chmod(fd, e.getMode() & 07777, what); // after chown, which clears setuid
            }
        }

        private void chownAt(int dir, String name, TarArchiveEntry e, String what) {
            int uid = TarFields.id(e.getLongUserId(), what);
            int gid = TarFields.id(e.getLongGroupId(), what);
            if (!root || uid != 0 || gid != 0) {
                FileAttrs.chownAt(dir, name, uid, gid, FileSyscalls.AT_SYMLINK_NOFOLLOW);
            }
        }

        private void setXattrs(int fd, Map<String, byte[]> xattrs, String what) {
            for (Map.Entry<String, byte[]> x : xattrs.entrySet()) {
                Xattrs.set(fd, x.getKey(), x.getValue(), what);
            }
        }

        private void symlinkXattr(int dir, String name, Map.Entry<String, byte[]> x, String what) {
            try {
                Xattrs.setAt(dir, name, x.getKey(), x.getValue());
            } catch (ErrnoException ex) {
                if (!ex.is(Errno.ENOSYS)) {
                    throw ex;
                }
                warnings.add(what + ": xattr " + x.getKey() + " on a symlink needs Linux 6.13 (setxattrat); dropped");
            }
        }

        void applyDirTimes() {
            for (DirTime t : dirTimes.reversed()) {
                if (t.path() == null) {
                    FileAttrs.setTimes(rootFd, "", t.sec(), t.nsec(), 0);
                } else {
                    int dir = dirs.get(t.path().parent());
                    FileAttrs.setTimes(dir, t.path().name(), t.sec(), t.nsec(), FileSyscalls.AT_SYMLINK_NOFOLLOW);
                }
            }
        }
    }

    private static int readUmask() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("Umask:")) {
                    return Integer.parseInt(line.substring(6).strip(), 8);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through: assume the strictest, so every file gets its fchmod
        }
        return 0777;
    }
}
