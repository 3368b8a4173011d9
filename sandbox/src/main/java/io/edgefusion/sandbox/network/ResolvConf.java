package io.edgefusion.sandbox.network;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A sandbox's {@code /etc/resolv.conf}. Nameservers, first rule that gives any: {@code --dns}; the network's
 * CNI result DNS; the host's {@code /etc/resolv.conf} without loopback resolvers (127.0.0.0/8, ::1 — they
 * answer only inside the host's namespace); when the host's were all loopback, systemd-resolved's upstream list
 * ({@link #RESOLVED_UPSTREAM}); else {@link #PUBLIC}, as docker does. The network's gateway is no fallback: no
 * DNS server listens there. {@code search} and {@code options} are the host's (plus the result's). Pure.
 */
public final class ResolvConf {
    public static final String HOST = "/etc/resolv.conf";
    /** systemd-resolved's list of the real upstream servers behind its 127.0.0.53 stub. */
    public static final String RESOLVED_UPSTREAM = "/run/systemd/resolve/resolv.conf";
    /** docker's fallback when nothing else is left. */
    public static final List<String> PUBLIC = List.of("8.8.8.8", "8.8.4.4");

    private ResolvConf() {
    }

    /** What a resolv.conf says. */
    public record Parsed(List<String> nameservers, List<String> search, List<String> options) {
    }

    public static Parsed parse(String text) {
        List<String> ns = new ArrayList<>();
        List<String> search = new ArrayList<>();
        List<String> options = new ArrayList<>();
        for (String raw : text.lines().toList()) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            String[] f = line.split("\\s+");
            switch (f[0]) {
                case "nameserver" -> {
                    if (f.length > 1) {
                        ns.add(f[1]);
                    }
                }
                case "search", "domain" -> {
                    search.clear(); // the last search or domain line wins (resolv.conf(5))
                    search.addAll(List.of(f).subList(1, f.length));
                }
                case "options" -> options.addAll(List.of(f).subList(1, f.length));
                default -> { }
            }
        }
        return new Parsed(List.copyOf(ns), List.copyOf(search), List.copyOf(options));
    }

    public static boolean loopback(String ip) {
        try {
            return InetAddress.ofLiteral(ip.contains("%") ? ip.substring(0, ip.indexOf('%')) : ip).isLoopbackAddress();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * @param hostText   the host's /etc/resolv.conf
     * @param resolvedText systemd-resolved's upstream file, or empty when there is none
     * @param dns        {@code --dns} values, empty for none
     * @param network    the CNI result's DNS
     */
    public static String render(String hostText, String resolvedText, List<String> dns, CniResult.Dns network) {
        Parsed host = parse(hostText);
        List<String> servers = new ArrayList<>(dns);
        if (servers.isEmpty()) {
            servers.addAll(network.nameservers());
        }
        if (servers.isEmpty()) {
            host.nameservers().stream().filter(s -> !loopback(s)).forEach(servers::add);
            if (servers.isEmpty() && !host.nameservers().isEmpty()) {
                parse(resolvedText).nameservers().stream().filter(s -> !loopback(s)).forEach(servers::add);
            }
        }
        if (servers.isEmpty()) {
            servers.addAll(PUBLIC);
        }
        List<String> search = new ArrayList<>(network.search());
        if (!network.domain().isEmpty() && !search.contains(network.domain())) {
            search.add(network.domain());
        }
        host.search().stream().filter(s -> !search.contains(s)).forEach(search::add);
        List<String> options = new ArrayList<>(host.options());
        network.options().stream().filter(o -> !options.contains(o)).forEach(options::add);
        StringBuilder b = new StringBuilder("# written by edgefusion from the host's " + HOST + "\n");
        if (!search.isEmpty()) {
            b.append("search ").append(String.join(" ", search)).append('\n');
        }
        for (String s : servers) {
            b.append("nameserver ").append(s).append('\n');
        }
        if (!options.isEmpty()) {
            b.append("options ").append(String.join(" ", options)).append('\n');
        }
        return b.toString();
    }
}
