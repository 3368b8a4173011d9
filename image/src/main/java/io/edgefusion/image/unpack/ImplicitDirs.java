package io.edgefusion.image.unpack;

import io.edgefusion.kernel.sys.FileAttrs;
import io.edgefusion.kernel.sys.FileSyscalls;
import io.edgefusion.kernel.sys.Libc;
import io.edgefusion.kernel.sys.Statx;

import java.util.ArrayList;
import java.util.List;

/** Directories a layer implies without listing them, and how they get their metadata afterwards. */
public final class ImplicitDirs {
    private ImplicitDirs() {
    }

    /**
     * Gives directories a layer uses without listing them ({@link LayerUnpacker.Result#implicitDirs()}) the owner, mode and
     * mtime they have in the topmost lower layer that has them, so that in the merged view they look as before
     * instead of turning into 0755 root directories. Run once every lower layer is complete.
     */
    public static void fix(int rootFd, List<String> dirs, List<Integer> lowerFds) {
        if (dirs.isEmpty() || lowerFds.isEmpty()) {
            return;
        }
        List<String> deepestFirst = new ArrayList<>(dirs);
        deepestFirst.sort(java.util.Comparator.comparingInt((String d) -> d.split("/").length).reversed());
        for (String d : deepestFirst) {
            for (int lower : lowerFds) {
                Statx st = Lowers.directory(lower, d);
                if (st != null) {
                    int fd = DirFds.open(rootFd, d);
                    try {
                        int real = FileSyscalls.openat(fd, ".", Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
                        try {
                            FileAttrs.chown(real, st.uid(), st.gid(), d);
                            FileAttrs.chmod(real, st.permissions(), d);
                            FileAttrs.setTimes(real, "", st.mtimeSec(), st.mtimeNsec(), 0);
                        } finally {
                            FileSyscalls.close(real);
                        }
                    } finally {
                        FileSyscalls.close(fd);
                    }
                    break;
                }
            }
        }
    }
}
