package io.edgefusion.image.layer;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a layer tar reproducibly: entries in {@link TarItem#ORDER}, POSIX (PAX) headers for long names and
 * large values, no user or group names, no atime/ctime, whole-second mtimes as given. The same items always give
 * the same bytes, hence the same diff id.
 */
public final class LayerTar {
    private LayerTar() {
    }

    /** Writes {@code items} (sorted here) and the end-of-archive blocks; does not close {@code out}. */
    public static void write(List<TarItem> items, OutputStream out) throws IOException {
        List<TarItem> sorted = new ArrayList<>(items);
        sorted.sort(TarItem.ORDER);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new NonClosing(out), StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        for (TarItem it : sorted) {
            TarArchiveEntry e = new TarArchiveEntry(it.tarName(), flag(it.type()), true);
            e.setMode(typeBits(it.type()) | (it.mode() & 07777));
            e.setUserId(it.uid());
            e.setGroupId(it.gid());
            e.setUserName("");
            e.setGroupName("");
            e.setModTime(FileTime.fromMillis(it.mtimeSec() * 1000));
            if (it.link() != null) {
                e.setLinkName(it.link());
            }
            if (it.type() == TarItem.Type.CHAR || it.type() == TarItem.Type.BLOCK) {
                e.setDevMajor(it.devMajor());
                e.setDevMinor(it.devMinor());
            }
            for (Map.Entry<String, byte[]> x : new java.util.TreeMap<>(it.xattrs()).entrySet()) {
                e.addPaxHeader("SCHILY.xattr." + x.getKey(), new String(x.getValue(), StandardCharsets.UTF_8));
            }
            e.setSize(it.type() == TarItem.Type.FILE ? it.size() : 0);
            tar.putArchiveEntry(e);
            if (it.type() == TarItem.Type.FILE) {
                try (InputStream in = it.content().open()) {
                    long n = in.transferTo(tar);
                    if (n != it.size()) {
                        throw new IOException(it.path() + " changed size while being archived (" + it.size() + " → " + n + ")");
                    }
                }
            }
            tar.closeArchiveEntry();
        }
        tar.finish();
        tar.flush();
    }

    private static byte flag(TarItem.Type t) {
        return switch (t) {
            case DIR -> TarConstants.LF_DIR;
            case FILE, WHITEOUT, OPAQUE -> TarConstants.LF_NORMAL;
            case SYMLINK -> TarConstants.LF_SYMLINK;
            case HARDLINK -> TarConstants.LF_LINK;
            case FIFO -> TarConstants.LF_FIFO;
            case CHAR -> TarConstants.LF_CHR;
            case BLOCK -> TarConstants.LF_BLK;
        };
    }

    private static int typeBits(TarItem.Type t) {
        return switch (t) {
            case DIR -> 0040000;
            case SYMLINK -> 0120000;
            case FIFO -> 0010000;
            case CHAR -> 0020000;
            case BLOCK -> 0060000;
            default -> 0100000;
        };
    }

    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
