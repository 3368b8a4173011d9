package io.edgefusion.kernel.bpf;

import io.edgefusion.kernel.sys.Errno;
import io.edgefusion.kernel.sys.ErrnoException;
import io.edgefusion.kernel.sys.FileSyscalls;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.edgefusion.kernel.bpf.BpfAbi.*;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * bpf(2) on objects rather than programs' code: array maps (create, read one element), the programs attached to a
 * cgroup ({@code BPF_PROG_QUERY}), and a program's fd and description by its id. What a caller needs to find, read
 * or detach a program it did not keep an fd for: ids are global and outlive the process that loaded the program.
 */
public final class BpfObjects {
    /** How many programs one query lists at most; a sandbox's cgroup has a handful. */
    private static final int QUERY_MAX = 64;

    private BpfObjects() {
    }

    /** A {@code BPF_MAP_TYPE_ARRAY} of {@code entries} values of {@code valueSize} bytes (u32 keys); its fd. */
    static int createArray(String name, int valueSize, int entries) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment attr = Bpf.attr(a);
            attr.set(JAVA_INT, MAP_CREATE_MAP_TYPE, BPF_MAP_TYPE_ARRAY);
            attr.set(JAVA_INT, MAP_CREATE_KEY_SIZE, 4);
            attr.set(JAVA_INT, MAP_CREATE_VALUE_SIZE, valueSize);
            attr.set(JAVA_INT, MAP_CREATE_MAX_ENTRIES, entries);
            Bpf.putName(attr, MAP_CREATE_MAP_NAME, name);
            return (int) Bpf.call(a, BPF_MAP_CREATE, "BPF_MAP_CREATE " + name, attr);
        }
    }

    /** Element {@code key} of the array map {@code mapFd}, {@code valueSize} bytes. */
    static byte[] lookup(int mapFd, int key, int valueSize) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment k = a.allocate(JAVA_INT);
            k.set(JAVA_INT, 0, key);
            MemorySegment v = a.allocate(valueSize, 8);
            MemorySegment attr = Bpf.attr(a);
            attr.set(JAVA_INT, ELEM_MAP_FD, mapFd);
            attr.set(JAVA_LONG, ELEM_KEY, k.address());
            attr.set(JAVA_LONG, ELEM_VALUE, v.address());
            Bpf.call(a, BPF_MAP_LOOKUP_ELEM, "BPF_MAP_LOOKUP_ELEM", attr);
            return v.toArray(JAVA_BYTE);
        }
    }

    /** The ids of the programs attached to cgroup2 directory {@code cgroupDir} at {@code point}, in run order. */
    public static List<Integer> attached(String cgroupDir, CgroupAttachPoint point) {
        int dirFd = FileSyscalls.openDir(FileSyscalls.AT_FDCWD, cgroupDir);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ids = a.allocate(JAVA_INT, QUERY_MAX);
            MemorySegment attr = Bpf.attr(a);
            attr.set(JAVA_INT, QUERY_TARGET_FD, dirFd);
            attr.set(JAVA_INT, QUERY_ATTACH_TYPE, point.attachType());
            attr.set(JAVA_LONG, QUERY_PROG_IDS, ids.address());
            attr.set(JAVA_INT, QUERY_PROG_CNT, QUERY_MAX);
            Bpf.call(a, BPF_PROG_QUERY, "BPF_PROG_QUERY " + point + " " + cgroupDir, attr);
            int n = Math.min(attr.get(JAVA_INT, QUERY_PROG_CNT), QUERY_MAX);
            List<Integer> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(ids.getAtIndex(JAVA_INT, i));
            }
            return List.copyOf(out);
        } finally {
            FileSyscalls.close(dirFd);
        }
    }

    /** An fd for the program with id {@code id}, or empty when no such program exists (any more). */
    public static Optional<Integer> programFd(int id) {
        return fdById(BPF_PROG_GET_FD_BY_ID, "BPF_PROG_GET_FD_BY_ID", id);
    }

    /** An fd for the map with id {@code id}, or empty when no such map exists (any more). */
    static Optional<Integer> mapFd(int id) {
        return fdById(BPF_MAP_GET_FD_BY_ID, "BPF_MAP_GET_FD_BY_ID", id);
    }

    private static Optional<Integer> fdById(int cmd, String what, int id) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment attr = Bpf.attr(a);
            attr.set(JAVA_INT, GET_ID, id);
            return Optional.of((int) Bpf.call(a, cmd, what + " " + id, attr));
        } catch (ErrnoException e) {
            if (e.is(Errno.ENOENT)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Whether a program with id {@code id} still exists (attached somewhere or held by an fd). */
    public static boolean programExists(int id) {
        Optional<Integer> fd = programFd(id);
        fd.ifPresent(FileSyscalls::close);
        return fd.isPresent();
    }

    /** What {@code BPF_OBJ_GET_INFO_BY_FD} says about a program: its id, name and the ids of the maps it uses. */
    public record ProgramInfo(int id, int type, String name, List<Integer> mapIds) {
    }

    public static ProgramInfo info(int progFd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment mapIds = a.allocate(JAVA_INT, QUERY_MAX);
            MemorySegment info = a.allocate(PROG_INFO_PREFIX, 8);
            info.set(JAVA_INT, PROG_INFO_NR_MAP_IDS, QUERY_MAX);
            info.set(JAVA_LONG, PROG_INFO_MAP_IDS, mapIds.address());
            MemorySegment attr = Bpf.attr(a);
            attr.set(JAVA_INT, INFO_BPF_FD, progFd);
            attr.set(JAVA_INT, INFO_LEN, PROG_INFO_PREFIX);
            attr.set(JAVA_LONG, INFO_INFO, info.address());
            Bpf.call(a, BPF_OBJ_GET_INFO_BY_FD, "BPF_OBJ_GET_INFO_BY_FD", attr);
            int n = Math.min(info.get(JAVA_INT, PROG_INFO_NR_MAP_IDS), QUERY_MAX);
            List<Integer> maps = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                maps.add(mapIds.getAtIndex(JAVA_INT, i));
            }
            byte[] name = info.asSlice(PROG_INFO_NAME, BPF_OBJ_NAME_LEN).toArray(JAVA_BYTE);
            int len = 0;
            while (len < name.length && name[len] != 0) {
                len++;
            }
            return new ProgramInfo(info.get(JAVA_INT, PROG_INFO_ID), info.get(JAVA_INT, PROG_INFO_TYPE),
                    new String(name, 0, len, StandardCharsets.US_ASCII), List.copyOf(maps));
        }
    }
}
