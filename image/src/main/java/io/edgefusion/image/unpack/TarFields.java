package io.edgefusion.image.unpack;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/** A tar entry's owner and time, as the unpacker applies them: ids range-checked, times split for utimensat. */
final class TarFields {
    private TarFields() {
    }

    /** An owner id as the kernel takes it: 0..4294967294 (-1 means "unchanged" to chown), never truncated. */
    static int id(long v, String what) {
        if (v < 0 || v > 0xFFFF_FFFEL) {
            throw new LayerRejected(what + ": owner id " + v + " is out of range");
        }
        return (int) v;
    }

    static long sec(TarArchiveEntry e) {
        return e.getLastModifiedTime().toInstant().getEpochSecond();
    }

    static int nsec(TarArchiveEntry e) {
        return e.getLastModifiedTime().toInstant().getNano();
    }
}
