package io.edgefusion.kernel.bpf;

import io.edgefusion.kernel.bpf.BindProgram.Entry;
import io.edgefusion.kernel.bpf.BindProgram.Transport;
import io.edgefusion.kernel.sys.Errno;
import io.edgefusion.kernel.sys.ErrnoException;
import io.edgefusion.kernel.sys.FileSyscalls;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A pair of bind programs (IPv4, IPv6) attached to one cgroup2 directory, and the array map they count refusals in.
 *
 * <p>Lifetime, verified by BindFilterKernelTest: once attached, the programs are held by the cgroup, so their fds
 * are closed right after {@link #attach}; they stay in force until {@link #detach} or until the cgroup is removed
 * ({@code rmdir}: the kernel then releases them, asynchronously). The programs hold the map, so the map lives as long
 * as they do; this object keeps one map fd only to read the counter, and {@link #close()} drops it without touching
 * the programs. A process that lost its {@code BindFilter} (a restart) gets it back with {@link #find}, by the
 * programs' names on the cgroup and the map id they name.
 */
public final class BindFilter implements AutoCloseable {
    static final String NAME4 = "ef_bind4";
    static final String NAME6 = "ef_bind6";
    static final String MAP_NAME = "ef_bind_refused";

    private final String cgroupDir;
    private final int prog4;
    private final int prog6;
    private int mapFd;

    private BindFilter(String cgroupDir, int prog4, int prog6, int mapFd) {
        this.cgroupDir = cgroupDir;
        this.prog4 = prog4;
        this.prog6 = prog6;
        this.mapFd = mapFd;
    }

    /** What the counter says: refusals so far, and the last one (empty before the first). */
    public record Count(long refusals, Optional<Refusal> last) {
    }

    /** One refused bind: socket family (AF_*), type (SOCK_*), protocol (IPPROTO_*) and the port asked for. */
    public record Refusal(int family, int type, int protocol, int port) {
        public String describe() {
            String proto = switch (protocol) {
                case 6 -> "tcp";
                case 17 -> "udp";
                case 262 -> "mptcp";
                default -> "protocol " + protocol;
            };
            return proto + (family == BpfAbi.AF_INET6 ? "6" : family == BpfAbi.AF_INET ? "4" : " family " + family)
                    + " port " + port;
        }
    }

    /**
     * Loads both programs and attaches them to {@code cgroupDir} (a cgroup2 directory). On any failure nothing stays
     * attached or open; the {@link ErrnoException} names the step (load, attach) and the errno.
     */
    public static BindFilter attach(String cgroupDir, List<Entry> allowed, Set<Transport> governed) {
        int map = BpfObjects.createArray(MAP_NAME, BindProgram.COUNTER_VALUE_SIZE, 1);
        List<int[]> attached = new ArrayList<>(); // {prog fd, attach point ordinal}
        int fd4 = -1;
        int fd6 = -1;
        try {
            fd4 = Bpf.load(CgroupAttachPoint.INET4_BIND.progType(), CgroupAttachPoint.INET4_BIND.attachType(), NAME4,
                    BindProgram.compile(CgroupAttachPoint.INET4_BIND, allowed, governed, map));
            fd6 = Bpf.load(CgroupAttachPoint.INET6_BIND.progType(), CgroupAttachPoint.INET6_BIND.attachType(), NAME6,
                    BindProgram.compile(CgroupAttachPoint.INET6_BIND, allowed, governed, map));
            Bpf.attach(fd4, cgroupDir, CgroupAttachPoint.INET4_BIND);
            attached.add(new int[] {fd4, CgroupAttachPoint.INET4_BIND.ordinal()});
            Bpf.attach(fd6, cgroupDir, CgroupAttachPoint.INET6_BIND);
            attached.add(new int[] {fd6, CgroupAttachPoint.INET6_BIND.ordinal()});
            BindFilter f = new BindFilter(cgroupDir, BpfObjects.info(fd4).id(), BpfObjects.info(fd6).id(), map);
            attached.clear();
            return f;
        } catch (RuntimeException e) {
            for (int[] a : attached) {
                try {
                    Bpf.detach(a[0], cgroupDir, CgroupAttachPoint.values()[a[1]]);
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            FileSyscalls.close(map);
            throw e;
        } finally {
            if (fd4 >= 0) {
                FileSyscalls.close(fd4);
            }
            if (fd6 >= 0) {
                FileSyscalls.close(fd6);
            }
        }
    }

    /** The filter attached to {@code cgroupDir} by an earlier {@link #attach} (of this or another process), if any. */
    public static Optional<BindFilter> find(String cgroupDir) {
        Optional<int[]> p4 = ours(cgroupDir, CgroupAttachPoint.INET4_BIND, NAME4);
        Optional<int[]> p6 = ours(cgroupDir, CgroupAttachPoint.INET6_BIND, NAME6);
        if (p4.isEmpty() || p6.isEmpty() || p4.get()[1] != p6.get()[1]) {
            return Optional.empty();
        }
        return BpfObjects.mapFd(p4.get()[1]).map(map -> new BindFilter(cgroupDir, p4.get()[0], p6.get()[0], map));
    }

    /** {prog id, map id} of the program named {@code name} at {@code point}. */
    private static Optional<int[]> ours(String cgroupDir, CgroupAttachPoint point, String name) {
        for (int id : BpfObjects.attached(cgroupDir, point)) {
            Optional<Integer> fd = BpfObjects.programFd(id);
            if (fd.isEmpty()) {
                continue;
            }
            try {
                BpfObjects.ProgramInfo info = BpfObjects.info(fd.get());
                if (info.name().equals(name) && info.mapIds().size() == 1) {
                    return Optional.of(new int[] {id, info.mapIds().getFirst()});
                }
            } finally {
                FileSyscalls.close(fd.get());
            }
        }
        return Optional.empty();
    }

    public String cgroupDir() {
        return cgroupDir;
    }

    /** The kernel's ids of the IPv4 and IPv6 programs (global; see {@link BpfObjects#programExists}). */
    public List<Integer> programIds() {
        return List.of(prog4, prog6);
    }

    /** Reads the counter (one map lookup: cheap enough for every check round). */
    public synchronized Count count() {
        if (mapFd < 0) {
            throw new IllegalStateException("bind filter of " + cgroupDir + " is closed");
        }
        ByteBuffer b = ByteBuffer.wrap(BpfObjects.lookup(mapFd, 0, BindProgram.COUNTER_VALUE_SIZE))
                .order(ByteOrder.nativeOrder());
        long n = b.getLong(0);
        long last = b.getLong(8);
        Optional<Refusal> r = n == 0 ? Optional.empty() : Optional.of(new Refusal((int) (last >>> 24) & 0xff,
                (int) (last >>> 16) & 0xff, (int) (last >>> 32) & 0xffff, BindProgram.hostPort((int) last)));
        return new Count(n, r);
    }

    /**
     * Detaches both programs (when the cgroup still exists; its removal detaches them itself) and closes the map fd.
     * Idempotent.
     */
    public synchronized void detach() {
        try {
            if (Files.isDirectory(Path.of(cgroupDir))) {
                detachOne(prog4, CgroupAttachPoint.INET4_BIND);
                detachOne(prog6, CgroupAttachPoint.INET6_BIND);
            }
        } finally {
            close();
        }
    }

    private void detachOne(int id, CgroupAttachPoint point) {
        Optional<Integer> fd = BpfObjects.programFd(id);
        if (fd.isEmpty()) {
            return;
        }
        try {
            Bpf.detach(fd.get(), cgroupDir, point);
        } catch (ErrnoException e) {
            // ENOENT: not attached there (any more): already detached, or the cgroup went meanwhile.
            if (!e.is(Errno.ENOENT)) {
                throw e;
            }
        } finally {
            FileSyscalls.close(fd.get());
        }
    }

    /** Drops the map fd; the programs stay attached and keep counting. */
    @Override
    public synchronized void close() {
        if (mapFd >= 0) {
            FileSyscalls.close(mapFd);
            mapFd = -1;
        }
    }
}
