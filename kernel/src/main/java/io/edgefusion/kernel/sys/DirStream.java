package io.edgefusion.kernel.sys;

import io.edgefusion.kernel.sys.arch.Arch;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Lists a directory held open as an fd ({@code fdopendir} + {@code readdir}), so a walk of an untrusted tree
 * never resolves a path string. Where {@code struct dirent} keeps d_type and d_name comes from {@link Arch}.
 */
public final class DirStream {
    // d_type values: the same on every Linux architecture (glibc's dirent.h), checked by the header tests.
    public static final int DT_UNKNOWN = 0;
    public static final int DT_DIR = 4;
    public static final int DT_REG = 8;
    public static final int DT_LNK = 10;
    /** {@code d_name} is {@code char[256]}: NAME_MAX (255) and its NUL. */
    private static final int NAME_MAX_BYTES = 256;

    private static final Libc.Lazy FDOPENDIR = new Libc.Lazy("fdopendir",
            FunctionDescriptor.of(ADDRESS, JAVA_INT));
    private static final Libc.Lazy READDIR = new Libc.Lazy("readdir", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final Libc.Lazy CLOSEDIR = new Libc.Lazy("closedir", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    /** One name in a directory and its d_type (DT_UNKNOWN on file systems that do not fill it). */
    public record Entry(String name, int type) {
    }

    private DirStream() {
    }

    /** One name as the kernel stores it: bytes, which need not be valid UTF-8 (a sandbox can make any). */
    public record RawEntry(byte[] name, int type) {
    }

    /** The names in the directory {@code dirfd}, without "." and ".."; {@code dirfd} stays open and usable. */
    public static List<Entry> list(int dirfd, String what) {
        List<Entry> out = new ArrayList<>();
        for (RawEntry e : listRaw(dirfd, what)) {
            out.add(new Entry(new String(e.name(), StandardCharsets.UTF_8), e.type()));
        }
        return out;
    }

    /** A raw name for messages: UTF-8 where it is, '?' for the rest. */
    static String display(byte[] name) {
        return new String(name, StandardCharsets.UTF_8).replace('\uFFFD', '?');
    }

    /** As {@link #list} but with the names' exact bytes, for code that must act on every entry (removal). */
    public static List<RawEntry> listRaw(int dirfd, String what) {
        int dup = FileSyscalls.openat(dirfd, ".", Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
        SysScratch s = SysScratch.get();
        MemorySegment dir;
        try {
            dir = (MemorySegment) FDOPENDIR.get().invokeExact(s.capture, dup);
        } catch (Throwable t) {
            FileSyscalls.close(dup);
            throw Libc.unexpected(t);
        }
        if (dir.equals(MemorySegment.NULL)) {
            int err = s.errno();
            FileSyscalls.close(dup);
            throw new ErrnoException("fdopendir", what, err);
        }
        List<RawEntry> out = new ArrayList<>();
        Arch.Dirent layout = Arch.current().dirent();
        long nameAt = layout.nameOffset();
        try {
            while (true) {
                MemorySegment ent = (MemorySegment) READDIR.get().invokeExact(s.capture, dir);
                if (ent.equals(MemorySegment.NULL)) {
                    break;
                }
                MemorySegment d = ent.reinterpret(nameAt + NAME_MAX_BYTES);
                int type = d.get(JAVA_BYTE, layout.typeOffset()) & 0xff;
                int len = 0;
                while (len < NAME_MAX_BYTES && d.get(JAVA_BYTE, nameAt + len) != 0) {
                    len++;
                }
                byte[] nb = d.asSlice(nameAt, len).toArray(JAVA_BYTE);
                boolean dots = nb.length == 1 && nb[0] == '.' || nb.length == 2 && nb[0] == '.' && nb[1] == '.';
                if (!dots) {
                    out.add(new RawEntry(nb, type));
                }
            }
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        } finally {
            try {
                int ignored = (int) CLOSEDIR.get().invokeExact(s.capture, dir);
            } catch (Throwable t) {
                throw Libc.unexpected(t);
            }
        }
        return out;
    }
}
