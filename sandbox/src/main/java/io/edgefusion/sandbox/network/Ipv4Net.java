package io.edgefusion.sandbox.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** An IPv4 network in CIDR form ({@code 10.89.0.0/24}): the address with its host bits zero, and the prefix. */
public record Ipv4Net(int address, int prefix) {
    /** The kernel's IPv4 routing table of this process's network namespace. */
    public static final Path PROC_NET_ROUTE = Path.of("/proc/net/route");

    public Ipv4Net {
        if (prefix < 0 || prefix > 32 || (address & ~mask(prefix)) != 0) {
            throw new IllegalArgumentException("not a network: " + dotted(address) + "/" + prefix);
        }
    }

    /** Parses {@code --subnet}: a network with 8 to 30 prefix bits, host bits zero; one-line errors. */
    public static Ipv4Net parseSubnet(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("--subnet " + text + ": expected CIDR like 10.89.5.0/24");
        }
        int addr = parseIp("--subnet " + text, text.substring(0, slash));
        String p = text.substring(slash + 1);
        if (p.isEmpty() || p.length() > 2 || !p.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("--subnet " + text + ": prefix '" + p + "' is not a number");
        }
        int prefix = Integer.parseInt(p);
        if (prefix < 8 || prefix > 30) {
            throw new IllegalArgumentException("--subnet " + text + ": prefix /" + prefix
                    + " is outside /8-/30 (a network needs a gateway and at least one sandbox address)");
        }
        if ((addr & ~mask(prefix)) != 0) {
            throw new IllegalArgumentException("--subnet " + text + ": host bits are set (the network is "
                    + dotted(addr & mask(prefix)) + "/" + prefix + ")");
        }
        return new Ipv4Net(addr, prefix);
    }

    /** A dotted quad as an int; {@code what} names the value in the error. */
    public static int parseIp(String what, String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException(what + ": '" + text + "' is not an IPv4 address");
        }
        int v = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(part) > 255) {
                throw new IllegalArgumentException(what + ": '" + text + "' is not an IPv4 address");
            }
            v = (v << 8) | Integer.parseInt(part);
        }
        return v;
    }

    static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    public static String dotted(int a) {
        return (a >>> 24) + "." + ((a >>> 16) & 255) + "." + ((a >>> 8) & 255) + "." + (a & 255);
    }

    public boolean contains(int ip) {
        return (ip & mask(prefix)) == address;
    }

    public boolean overlaps(Ipv4Net o) {
        int shorter = Math.min(prefix, o.prefix);
        return (address & mask(shorter)) == (o.address & mask(shorter));
    }

    /** The first address after the network's: the gateway by convention. */
    public int firstHost() {
        return address + 1;
    }

    public int broadcast() {
        return address | ~mask(prefix);
    }

    /** The same-sized network right after this one. */
    public Ipv4Net next() {
        return new Ipv4Net(address + (1 << (32 - prefix)), prefix);
    }

    @Override
    public String toString() {
        return dotted(address) + "/" + prefix;
    }

    /**
     * The networks the host routes to, default route excepted, from a {@code /proc/net/route} text: its columns
     * are hex in host byte order (little-endian on x86-64 and aarch64), Destination second and Mask eighth.
     */
    public static List<Ipv4Net> routed(String procNetRoute) {
        List<Ipv4Net> out = new ArrayList<>();
        for (String line : procNetRoute.lines().skip(1).toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 8) {
                continue;
            }
            int dst = Integer.reverseBytes((int) Long.parseLong(f[1], 16));
            int mask = Integer.reverseBytes((int) Long.parseLong(f[7], 16));
            int prefix = Integer.bitCount(mask);
            if (prefix > 0) {
                out.add(new Ipv4Net(dst & mask(prefix), prefix));
            }
        }
        return out;
    }

    /** {@link #routed} of this process's namespace. */
    public static List<Ipv4Net> hostRoutes() {
        try {
            return routed(Files.readString(PROC_NET_ROUTE));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PROC_NET_ROUTE, e);
        }
    }

    /** {@code start} or the first same-sized network after it that overlaps none of {@code taken}. */
    public static Ipv4Net firstFree(Ipv4Net start, Collection<Ipv4Net> taken) {
        Ipv4Net n = start;
        for (int i = 0; i < 4096; i++, n = n.next()) {
            Ipv4Net c = n;
            if (taken.stream().noneMatch(c::overlaps)) {
                return n;
            }
        }
        throw new IllegalStateException("no free /" + start.prefix() + " from " + start + " on: give --subnet");
    }
}
