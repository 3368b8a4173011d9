package io.edgefusion.image.transfer;

import io.edgefusion.image.ImageException;
import io.edgefusion.image.oci.OciJson;
import io.edgefusion.kernel.sys.Errno;
import io.edgefusion.kernel.sys.ErrnoException;
import io.edgefusion.kernel.sys.FdIo;
import io.edgefusion.kernel.sys.FileSyscalls;
import io.edgefusion.kernel.sys.Libc;
import io.edgefusion.kernel.sys.Statx;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * The files of an OCI layout directory, opened relative to the directory with
 * {@code openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS)}: the kernel refuses any
 * symlink on the way and any walk out of the layout, so a symlinked {@code index.json} or blob that points at
 * a host file is never opened. Only regular files are read (a FIFO would block, a device would be read).
 * Errors name the file and the reason, never its contents.
 */
final class LayoutFiles implements AutoCloseable {
    static final long RESOLVE = FileSyscalls.RESOLVE_BENEATH | FileSyscalls.RESOLVE_NO_SYMLINKS
            | FileSyscalls.RESOLVE_NO_MAGICLINKS;
    static final String INDEX = "index.json";
    static final String OCI_LAYOUT = "oci-layout";

    private final Path dir;
    private final int dirFd;

    private LayoutFiles(Path dir, int dirFd) {
        this.dir = dir;
        this.dirFd = dirFd;
    }

    /** Opens the layout directory itself (the path the user gave may pass symlinks; what is inside may not). */
    static LayoutFiles open(Path dir) {
        try {
            return new LayoutFiles(dir, FileSyscalls.openat(FileSyscalls.AT_FDCWD, dir.toString(),
                    Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0));
        } catch (ErrnoException e) {
            throw refused(dir.toString(), e);
        }
    }

    /** Whether {@code name} is a regular file in the layout, reached without a symlink. */
    boolean hasFile(String name) {
        try {
            int fd = openChecked(name);
            FileSyscalls.close(fd);
            return true;
        } catch (ImageException e) {
            return false;
        }
    }

    /** A document of the layout (index.json), refused beyond {@link OciJson#MAX_DOCUMENT}. */
    byte[] document(String name) {
        try (InputStream in = stream(name)) {
            byte[] b = in.readNBytes(OciJson.MAX_DOCUMENT + 1);
            if (b.length > OciJson.MAX_DOCUMENT) {
                throw new ImageException(dir.resolve(name) + ": larger than any valid document ("
                        + OciJson.MAX_DOCUMENT + " bytes)");
            }
            return b;
        } catch (IOException | ErrnoException e) {
            throw new ImageException(dir.resolve(name) + ": read failed (" + reason(e) + ")", e);
        }
    }

    /** A stream over {@code blobs/sha256/HEX}; closing it closes the file. */
    InputStream blob(String hex) {
        return stream("blobs/sha256/" + hex);
    }

    private InputStream stream(String name) {
        int fd = openChecked(name);
        String what = dir.resolve(name).toString();
        return new BufferedInputStream(new InputStream() {
            private final InputStream in = FdIo.input(fd, what);
            private boolean closed;

            @Override
            public int read() throws IOException {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return in.read(b, off, len);
            }

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    FileSyscalls.close(fd);
                }
            }
        }, 1 << 16);
    }

    /**
     * Checks the type on an O_PATH fd first (opening a device for reading can have effects of its own), then
     * opens for reading and checks that it is still the same file. Regular files and FIFOs are read (a FIFO is
     * a stream like any other; the kill-during-import test pauses an import with one); nothing else is.
     */
    private int openChecked(String name) {
        String file = dir.resolve(name).toString();
        Statx before;
        int fd;
        try {
            int path = FileSyscalls.openat2(dirFd, name, Libc.O_PATH | Libc.O_CLOEXEC, 0, RESOLVE);
            try {
                before = FileSyscalls.statx(path, "", FileSyscalls.AT_EMPTY_PATH);
            } finally {
                FileSyscalls.close(path);
            }
            if (!readable(before)) {
                throw new ImageException(file + ": not a regular file; refused");
            }
            fd = FileSyscalls.openat2(dirFd, name, Libc.O_RDONLY | Libc.O_CLOEXEC, 0, RESOLVE);
        } catch (ErrnoException e) {
            throw refused(file, e);
        }
        Statx st = FileSyscalls.statx(fd, "", FileSyscalls.AT_EMPTY_PATH);
        if (!readable(st) || st.ino() != before.ino() || st.dev() != before.dev()) {
            FileSyscalls.close(fd);
            throw new ImageException(file + ": replaced while it was opened; refused");
        }
        return fd;
    }

    private static boolean readable(Statx st) {
        return st.isRegular() || st.type() == Statx.S_IFIFO;
    }

    private static ImageException refused(String file, ErrnoException e) {
        String why = e.is(Errno.ELOOP) ? "is or passes a symbolic link; a layout's files are read without"
                + " following links"
                : e.is(Errno.EXDEV) ? "leads out of the layout directory"
                : e.is(Errno.ENOENT) ? "no such file"
                : e.errno().map(Errno::name).orElse("errno " + e.errnoNumber());
        return new ImageException(file + ": " + why, e);
    }

    private static String reason(Exception e) {
        return e instanceof ErrnoException x ? x.errno().map(Errno::name).orElse("errno " + x.errnoNumber())
                : e.getClass().getSimpleName();
    }

    @Override
    public void close() {
        FileSyscalls.close(dirFd);
    }
}
