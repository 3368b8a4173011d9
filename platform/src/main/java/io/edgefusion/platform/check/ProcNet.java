package io.edgefusion.platform.check;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Listening sockets of a process. {@code /proc/<pid>/net/tcp} and {@code tcp6} list every socket of the process's
 * network namespace, so the ones the process owns are picked by inode from its {@code /proc/<pid>/fd} links
 * ({@code socket:[inode]}). Addresses in those tables are hex in host byte order per 32-bit word.
 */
public final class ProcNet {
    static final String LISTEN = "0A";

    private ProcNet() {
    }

    /** Listening TCP sockets owned by {@code pid}, read under {@code procRoot} (normally {@code /proc}). */
    public static List<ListeningSocket> listening(Path procRoot, long pid) throws IOException {
        Path proc = procRoot.resolve(Long.toString(pid));
        Set<Long> owned = socketInodes(proc.resolve("fd"));
        List<ListeningSocket> out = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            Path f = proc.resolve("net").resolve(table);
            if (!Files.exists(f)) {
                continue;
            }
            for (ListeningSocket s : parse(table, Files.readAllLines(f))) {
                if (owned.contains(s.inode())) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** LISTEN rows of one table's text (header line first, as the kernel writes it). */
    static List<ListeningSocket> parse(String table, List<String> lines) {
        List<ListeningSocket> out = new ArrayList<>();
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 10 || !f[3].equals(LISTEN)) {
                continue;
            }
            String[] local = f[1].split(":");
            out.add(new ListeningSocket(table, address(local[0]), Integer.parseInt(local[1], 16),
                    Long.parseLong(f[9])));
        }
        return out;
    }

    /** {@code 0100007F} → 127.0.0.1; 32 hex digits → an IPv6 address, each 32-bit word little-endian. */
    static String address(String hex) {
        byte[] b = new byte[hex.length() / 2];
        for (int word = 0; word < b.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int pos = word * 8 + (3 - i) * 2;
                b[word * 4 + i] = (byte) Integer.parseInt(hex.substring(pos, pos + 2), 16);
            }
        }
        try {
            String a = InetAddress.getByAddress(b).getHostAddress();
            return a.equals("0:0:0:0:0:0:0:0") ? "::" : a.equals("0:0:0:0:0:0:0:1") ? "::1" : a;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address " + hex, e);
        }
    }

    private static Set<Long> socketInodes(Path fdDir) throws IOException {
        Set<Long> out = new HashSet<>();
        try (Stream<Path> fds = Files.list(fdDir)) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        out.add(Long.parseLong(target.substring(8, target.length() - 1)));
                    }
                } catch (NoSuchFileException e) {
                    // the fd closed while we listed the directory
                }
            }
        }
        return out;
    }
}
