package io.edgefusion.image.overlay;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything needed to mount an image's root as overlayfs: the data string for {@code mount(2)} and, when the
 * layer paths are relative (images too deep for absolute paths in one page), the directory to {@code chdir}
 * into first — on a thread or process whose cwd is its own ({@code unshare(CLONE_FS)}, or the sandbox helper).
 *
 * @param options   {@code lowerdir=…,upperdir=…,workdir=…} plus fixed feature options; under one page
 * @param chdir     where relative lowerdirs resolve; empty when every path is absolute
 * @param lowerDirs absolute layer directories, top layer first
 * @param upperDir  the instance's writable layer (absolute)
 * @param workDir   overlay's scratch dir, same file system as upperDir (absolute)
 */
public record OverlayMountSpec(String options, Optional<Path> chdir, List<Path> lowerDirs, Path upperDir,
                               Path workDir) {
    public OverlayMountSpec {
        lowerDirs = List.copyOf(lowerDirs);
    }

    /** The file system type to pass to mount(2). */
    public static final String FS_TYPE = "overlay";
}
