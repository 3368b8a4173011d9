package io.edgefusion.sandbox.launch;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The overlay that becomes a sandbox's root: read-only lowers (top first) under a per-sandbox upper/work pair.
 * It is mounted by the helper inside the sandbox's own mount namespace, so no host mount exists to leak. The
 * option string must fit one page; beyond that the layers are named relative to their common parent, and the
 * helper chdirs there before mounting (DESIGN.md §3).
 *
 * @param chdir    null, or the directory the relative option string is relative to
 * @param idmapped rootless: each real layer and the directory where the helper attaches it id-mapped; the
 *                 option string names the latter
 */
public record OverlayRoot(Path mountPoint, String options, Path chdir, java.util.Map<Path, Path> idmapped) {
    /** One page minus room for the kernel's own additions. */
    static final int MAX_OPTIONS = 4000;

    public static OverlayRoot of(List<Path> lowers, Path upper, Path work, Path mountPoint) {
        return of(lowers, upper, work, mountPoint, java.util.Map.of());
    }

    /** With {@code idmapped} non-empty, the lowers named in the options are its values, in layer order. */
    public static OverlayRoot of(List<Path> lowers, Path upper, Path work, Path mountPoint,
                                 java.util.Map<Path, Path> idmapped) {
        // An overlay mounted inside a user namespace (rootless) may not set these; its defaults are the safe ones.
        String features = idmapped.isEmpty() ? FEATURES : "";
        String absolute = options(lowers, upper, work, null) + features;
        if (absolute.length() <= MAX_OPTIONS) {
            return new OverlayRoot(mountPoint, absolute, null, idmapped);
        }
        Path parent = commonParent(lowers, upper, work);
        String relative = options(lowers, upper, work, parent) + features;
        if (relative.length() > MAX_OPTIONS) {
            throw new IllegalArgumentException("overlay of " + lowers.size() + " layers needs " + relative.length()
                    + " bytes of mount options even relative to " + parent + "; the kernel takes one page");
        }
        return new OverlayRoot(mountPoint, relative, parent, idmapped);
    }

    /**
     * Renamed lower directories copy up whole and changed files copy up complete, so the upper dir alone says
     * what a sandbox changed (diff, commit).
     */
    static final String FEATURES = ",redirect_dir=off,metacopy=off";

    private static String options(List<Path> lowers, Path upper, Path work, Path base) {
        return "lowerdir=" + lowers.stream().map(p -> name(p, base)).collect(Collectors.joining(":"))
                + ",upperdir=" + name(upper, base) + ",workdir=" + name(work, base);
    }

    /** Overlay option values escape ':' and ',' and '\' with a backslash. */
    private static String name(Path p, Path base) {
        String s = base == null ? p.toString() : base.relativize(p).toString();
        return s.replace("\\", "\\\\").replace(":", "\\:").replace(",", "\\,");
    }

    private static Path commonParent(List<Path> lowers, Path upper, Path work) {
        Path common = upper.getParent();
        for (Path p : lowers) {
            while (!p.startsWith(common)) {
                common = common.getParent();
            }
        }
        while (!work.startsWith(common)) {
            common = common.getParent();
        }
        return common;
    }
}
