package io.edgefusion.image.unpack;

import io.edgefusion.kernel.sys.Errno;
import io.edgefusion.kernel.sys.ErrnoException;
import io.edgefusion.kernel.sys.FileSyscalls;
import io.edgefusion.kernel.sys.Libc;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Open directory fds inside one layer root, by layer-relative path. Every lookup goes through
 * {@code openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_SYMLINKS | RESOLVE_NO_XDEV)}: the kernel
 * itself guarantees the walk neither leaves the root nor passes a symlink, whatever earlier entries created.
 * Tar entries arrive grouped by directory, so a small LRU of fds saves most walks.
 */
final class DirFds implements AutoCloseable {
    static final long RESOLVE = FileSyscalls.RESOLVE_IN_ROOT | FileSyscalls.RESOLVE_NO_MAGICLINKS
            | FileSyscalls.RESOLVE_NO_SYMLINKS | FileSyscalls.RESOLVE_NO_XDEV;
    private static final int CACHED = 64;

    private final int rootFd;
    private final Map<String, Integer> cache = new LinkedHashMap<>(CACHED, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            if (size() > CACHED) {
                FileSyscalls.close(eldest.getValue());
                return true;
            }
            return false;
        }
    };

    DirFds(int rootFd) {
        this.rootFd = rootFd;
    }

    int root() {
        return rootFd;
    }

    /** An fd (O_PATH, usable as a dirfd) for directory {@code p}; null path = the root. Throws ENOENT when absent. */
    int get(EntryPath p) {
        if (p == null) {
            return rootFd;
        }
        String key = p.toString();
        Integer fd = cache.get(key);
        if (fd != null) {
            return fd;
        }
        int opened = open(rootFd, key);
        cache.put(key, opened);
        return opened;
    }

    /** Opens a directory path inside {@code root} with the layer resolve rules (O_PATH). */
    static int open(int root, String path) {
        return FileSyscalls.openat2(root, path, Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0, RESOLVE);
    }

    /** Like {@link #open} but null when the path does not exist, is not a directory or passes a symlink. */
    static Integer openIfDir(int root, String path) {
        try {
            return open(root, path);
        } catch (ErrnoException e) {
            if (e.is(Errno.ENOENT) || e.is(Errno.ENOTDIR) || e.is(Errno.ELOOP) || e.is(Errno.EXDEV)) {
                return null;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        cache.values().forEach(FileSyscalls::close);
        cache.clear();
    }
}
