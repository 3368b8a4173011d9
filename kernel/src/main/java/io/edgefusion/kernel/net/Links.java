package io.edgefusion.kernel.net;

import io.edgefusion.kernel.sys.ErrnoException;
import io.edgefusion.kernel.sys.FileSyscalls;
import io.edgefusion.kernel.sys.Libc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Network interfaces of another process's network namespace: listed from {@code /proc/<pid>/net/dev} (which shows
 * that process's namespace) and switched up or down with {@code SIOCGIFFLAGS}/{@code SIOCSIFFLAGS} on a socket
 * created inside the namespace. The namespace is joined only by a fresh platform thread that returns home
 * before it ends (DESIGN.md §2), never by a pooled or virtual thread.
 */
public final class Links {
    static final int AF_INET = 2;
    static final int SOCK_DGRAM = 2;
    static final long SIOCGIFFLAGS = 0x8913;
    static final long SIOCSIFFLAGS = 0x8914;
    static final long SIOCGIFADDR = 0x8915;
    /** {@code EADDRNOTAVAIL} (asm-generic errno.h): the interface has no IPv4 address. */
    static final int EADDRNOTAVAIL = 99;
    static final short IFF_UP = 0x1;
    /** {@code struct ifreq}: a 16-byte name, then a union whose first member for these calls is short flags. */
    static final int IFREQ_SIZE = 40;
    static final int IFNAMSIZ = 16;
    /** {@code struct ifreq}'s sockaddr_in: sin_addr after the name, a 2-byte family and a 2-byte port. */
    static final int IFREQ_SIN_ADDR = IFNAMSIZ + 4;

    private static final Libc.Lazy IOCTL = new Libc.Lazy("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), Linker.Option.firstVariadicArg(2));

    private Links() {
    }

    /** One interface and whether it is administratively up. */
    public record Link(String name, boolean up) {
    }

    /** The interface names of the namespace {@code pid} is in, from its {@code /proc/<pid>/net/dev}. */
    public static List<String> names(long pid) {
        Path dev = Path.of("/proc", Long.toString(pid), "net", "dev");
        try {
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(dev)) {
                int colon = line.indexOf(':');
                if (colon > 0 && !line.startsWith("Inter") && !line.contains("|")) {
                    out.add(line.substring(0, colon).strip());
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dev, e);
        }
    }

    /** One interface, whether it is up, and its addresses (the primary IPv4 one, then every IPv6 one). */
    public record Addressed(String name, boolean up, List<String> addresses) {
        public Addressed {
            addresses = List.copyOf(addresses);
        }
    }

    /**
     * Every interface of {@code pid}'s namespace with its addresses: IPv4 by {@code SIOCGIFADDR} on a socket made
     * in the namespace (joined unless it is the caller's own), IPv6 from {@code /proc/<pid>/net/if_inet6}.
     */
    public static List<Addressed> addressed(long pid, long startTicks, boolean joinNamespace) {
        List<String> names = names(pid);
        java.util.Map<String, List<String>> v6 = ipv6(pid);
        Callable<List<Addressed>> read = () -> {
            List<Addressed> out = new ArrayList<>();
            withSocket(fd -> {
                for (String n : names) {
                    List<String> addrs = new ArrayList<>();
                    ipv4(fd, n).ifPresent(addrs::add);
                    addrs.addAll(v6.getOrDefault(n, List.of()));
                    out.add(new Addressed(n, (flags(fd, n) & IFF_UP) != 0, addrs));
                }
            });
            return out;
        };
        try {
            return joinNamespace ? inNetns(pid, startTicks, read) : read.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("interfaces of pid " + pid + ": " + e, e);
        }
    }

    private static java.util.Map<String, List<String>> ipv6(long pid) {
        Path file = Path.of("/proc", Long.toString(pid), "net", "if_inet6");
        java.util.Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        if (!Files.exists(file)) {
            return out; // IPv6 disabled
        }
        try {
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 6 || f[0].length() != 32) {
                    continue;
                }
                byte[] b = java.util.HexFormat.of().parseHex(f[0]);
                String a = compressed(java.net.InetAddress.getByAddress(b).getHostAddress());
                out.computeIfAbsent(f[5], k -> new ArrayList<>()).add(a + "/" + Integer.parseInt(f[2], 16));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** RFC 5952's short form of the JDK's full {@code 0:0:0:0:0:0:0:1}: the longest run of zero groups as ::. */
    static String compressed(String full) {
        String[] g = full.split("%")[0].split(":");
        int best = -1;
        int bestLen = 1;
        for (int i = 0; i < g.length; i++) {
            int j = i;
            while (j < g.length && g[j].equals("0")) {
                j++;
            }
            if (j - i > bestLen) {
                best = i;
                bestLen = j - i;
            }
        }
        if (best < 0) {
            return String.join(":", g);
        }
        return String.join(":", java.util.Arrays.copyOfRange(g, 0, best)) + "::"
                + String.join(":", java.util.Arrays.copyOfRange(g, best + bestLen, g.length));
    }

    private static java.util.Optional<String> ipv4(int fd, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment req = ifreq(a, name);
            try {
                ioctl(a, fd, SIOCGIFADDR, req, name);
            } catch (ErrnoException e) {
                if (e.errnoNumber() == EADDRNOTAVAIL) {
                    return java.util.Optional.empty();
                }
                throw e;
            }
            return java.util.Optional.of((req.get(JAVA_BYTE, IFREQ_SIN_ADDR) & 0xff) + "."
                    + (req.get(JAVA_BYTE, IFREQ_SIN_ADDR + 1) & 0xff) + "." + (req.get(JAVA_BYTE, IFREQ_SIN_ADDR + 2)
                    & 0xff) + "." + (req.get(JAVA_BYTE, IFREQ_SIN_ADDR + 3) & 0xff));
        }
    }

    /** Every interface of {@code pid}'s namespace with its IFF_UP flag. */
    public static List<Link> list(long pid, long startTicks) {
        List<String> names = names(pid);
        return inNetns(pid, startTicks, () -> {
            List<Link> out = new ArrayList<>();
            withSocket(fd -> {
                for (String n : names) {
                    out.add(new Link(n, (flags(fd, n) & IFF_UP) != 0));
                }
            });
            return out;
        });
    }

    /** Brings every interface of {@code pid}'s namespace down; returns the ones that were up. */
    public static List<String> downAll(long pid, long startTicks) {
        List<String> names = names(pid);
        return inNetns(pid, startTicks, () -> {
            List<String> changed = new ArrayList<>();
            withSocket(fd -> {
                for (String n : names) {
                    short f = flags(fd, n);
                    if ((f & IFF_UP) != 0) {
                        setFlags(fd, n, (short) (f & ~IFF_UP));
                        changed.add(n);
                    }
                }
            });
            return changed;
        });
    }

    private interface FdWork {
        void run(int fd);
    }

    private static void withSocket(FdWork w) {
        int fd;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = Libc.captureSegment(a);
            fd = (int) NetCalls.SOCKET.get().invokeExact(cap, AF_INET, SOCK_DGRAM | NetCalls.SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw new ErrnoException("socket", "AF_INET (interface flags)", Libc.errno(cap));
            }
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
        try {
            w.run(fd);
        } finally {
            FileSyscalls.close(fd);
        }
    }

    private static short flags(int fd, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment req = ifreq(a, name);
            ioctl(a, fd, SIOCGIFFLAGS, req, name);
            return req.get(JAVA_SHORT, IFNAMSIZ);
        }
    }

    private static void setFlags(int fd, String name, short flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment req = ifreq(a, name);
            req.set(JAVA_SHORT, IFNAMSIZ, flags);
            ioctl(a, fd, SIOCSIFFLAGS, req, name);
        }
    }

    private static MemorySegment ifreq(Arena a, String name) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        if (n.length >= IFNAMSIZ) {
            throw new IllegalArgumentException("interface name too long: " + name);
        }
        MemorySegment req = a.allocate(IFREQ_SIZE, 8);
        MemorySegment.copy(n, 0, req, JAVA_BYTE, 0, n.length);
        return req;
    }

    private static void ioctl(Arena a, int fd, long request, MemorySegment req, String name) {
        MemorySegment cap = Libc.captureSegment(a);
        try {
            int rc = (int) IOCTL.get().invokeExact(cap, fd, request, req);
            if (rc < 0) {
                throw new ErrnoException("ioctl", (request == SIOCSIFFLAGS ? "SIOCSIFFLAGS "
                        : request == SIOCGIFADDR ? "SIOCGIFADDR " : "SIOCGIFFLAGS ") + name,
                        Libc.errno(cap));
            }
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /** {@link Netns#run}: kept for callers that think of links. */
    public static <T> T inNetns(long pid, long startTicks, Callable<T> work) {
        return Netns.run(pid, startTicks, work);
    }
}
