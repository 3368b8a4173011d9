package io.edgefusion.image.unpack;

import io.edgefusion.kernel.sys.FileSyscalls;
import io.edgefusion.kernel.sys.Statx;

import java.nio.file.Path;
import java.util.List;

/**
 * Looks a directory up in a stack of layer dirs (top first) the way the merged view would show it, walking
 * each layer with the same openat2 rules as the unpacker — so a symlink inside a layer is never followed to the
 * host. Used to give directories that a new layer implies (but does not list) the owner, mode and mtime they
 * already have in the image, instead of overriding them with defaults.
 */
public final class Lowers {
    private Lowers() {
    }

    /** The metadata of directory {@code path} in the topmost layer that has it, or null. */
    public static Statx directory(List<Path> layersTopFirst, String path) {
        for (Path layer : layersTopFirst) {
            int root = FileSyscalls.openDir(FileSyscalls.AT_FDCWD, layer.toString());
            try {
                Statx st = directory(root, path);
                if (st != null) {
                    return st;
                }
            } finally {
                FileSyscalls.close(root);
            }
        }
        return null;
    }

    /** Like {@link #directory(List, String)} for one layer held open as {@code rootFd}. */
    static Statx directory(int rootFd, String path) {
        Integer fd = DirFds.openIfDir(rootFd, path);
        if (fd == null) {
            return null;
        }
        try {
            return FileSyscalls.statx(fd, "", FileSyscalls.AT_EMPTY_PATH);
        } finally {
            FileSyscalls.close(fd);
        }
    }
}
