package io.edgefusion.sandbox.network;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A sandbox's {@code /etc/hosts}: localhost, the {@code --add-host} entries (first, so they win a lookup), the
 * sandbox's own name on its addresses, then the other sandboxes of its networks by name (from the CNI cache:
 * each attachment records its sandbox's name and its result's addresses). Pure: the caller writes the text.
 */
public final class HostsFile {
    private HostsFile() {
    }

    public static String render(String hostname, List<String> ownIps, List<HostEntry> extra, List<HostEntry> peers) {
        StringBuilder b = new StringBuilder();
        b.append("127.0.0.1\tlocalhost\n");
        b.append("::1\tlocalhost ip6-localhost ip6-loopback\n");
        Set<String> seen = new LinkedHashSet<>();
        for (HostEntry e : extra) {
            line(b, seen, e.ip(), e.name());
        }
        if (!hostname.isEmpty()) {
            for (String ip : ownIps) {
                line(b, seen, ip, hostname);
            }
        }
        peers.stream().sorted(Comparator.comparing(HostEntry::name).thenComparing(HostEntry::ip))
                .filter(p -> !p.name().equals(hostname))
                .forEach(p -> line(b, seen, p.ip(), p.name()));
        return b.toString();
    }

    private static void line(StringBuilder b, Set<String> seen, String ip, String name) {
        if (seen.add(ip + " " + name)) {
            b.append(ip).append('\t').append(name).append('\n');
        }
    }

    /** The other named sandboxes of {@code entries} (one network's cache), their sandbox addresses each. */
    public static List<HostEntry> peers(List<ResultCache.Entry> entries, String containerId) {
        return entries.stream().filter(e -> !e.containerId().equals(containerId) && !e.name().isEmpty())
                .flatMap(e -> e.result().sandboxIps().stream().map(ip -> new HostEntry(ip.ip(), e.name())))
                .toList();
    }
}
