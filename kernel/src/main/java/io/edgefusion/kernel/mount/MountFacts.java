package io.edgefusion.kernel.mount;

import io.edgefusion.kernel.proc.MountEntry;
import io.edgefusion.kernel.proc.MountInfo;
import io.edgefusion.kernel.sys.Libc;
import io.edgefusion.kernel.sys.UnsupportedHost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * What the mount holding a path is and what it forbids.
 *
 * @param path    the path asked about, resolved (symlinks followed)
 * @param mount   its mountinfo entry
 * @param flags   {@code statvfs} flags of that mount
 * @param overlay overlay layers when the mount is an overlay
 */
public record MountFacts(Path path, MountEntry mount, Set<MountFlag> flags, Optional<OverlayLayers> overlay) {

    public static MountFacts of(Path path) {
        return of(path, MountInfo.read(MountInfo.SELF));
    }

    public static MountFacts of(Path path, MountInfo info) {
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + path, e);
        }
        MountEntry entry = info.mountOf(real)
                .orElseThrow(() -> new UnsupportedHost("no mount in " + info.source() + " holds " + real));
        Set<MountFlag> flags = MountFlag.fromStatvfs(Libc.statvfsFlags(real.toString()));
        return new MountFacts(real, entry, flags, OverlayLayers.of(entry));
    }

    public boolean has(MountFlag f) {
        return flags.contains(f);
    }
}
