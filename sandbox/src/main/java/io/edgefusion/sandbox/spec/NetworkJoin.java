package io.edgefusion.sandbox.spec;

import io.edgefusion.sandbox.network.HostEntry;
import io.edgefusion.sandbox.network.NetworkStore;
import io.edgefusion.sandbox.network.PortMapping;

import java.util.ArrayList;
import java.util.List;

/**
 * The CNI network a {@link Network#BRIDGE} sandbox joins, with what the user asked for on it: published ports
 * ({@code -p}), nameservers ({@code --dns}) and extra {@code /etc/hosts} lines ({@code --add-host}).
 *
 * @param network    a stored network's name ({@code bridge} on the command line is {@link NetworkStore#DEFAULT})
 */
public record NetworkJoin(String network, List<PortMapping> ports, List<String> dns, List<HostEntry> extraHosts) {
    public NetworkJoin {
        NetworkStore.checkName(network);
        ports = ports == null ? List.of() : List.copyOf(ports);
        dns = dns == null ? List.of() : List.copyOf(dns);
        extraHosts = extraHosts == null ? List.of() : List.copyOf(extraHosts);
    }

    /** {@code --network MODE} with its companions: the mode and, for a bridge, the join; one-line errors. */
    public record Choice(Network mode, NetworkJoin join) {
    }

    /**
     * {@code mode} is none, host, bridge (the default network) or a network's name. {@code -p}, {@code --dns} and
     * {@code --add-host} need a network of the sandbox's own to mean anything: with none or host they are refused.
     */
    public static Choice parse(String mode, List<String> ports, List<String> dns, List<String> addHosts) {
        List<PortMapping> pm = new ArrayList<>();
        ports.forEach(p -> pm.add(PortMapping.parse(p)));
        for (String d : dns) {
            if (!PortMapping.isIp(d)) {
                throw new IllegalArgumentException("--dns " + d + ": not an IP address");
            }
        }
        List<HostEntry> hosts = new ArrayList<>();
        addHosts.forEach(h -> hosts.add(HostEntry.parse(h)));
        if (mode.equals("none") || mode.equals("host")) {
            String extra = !ports.isEmpty() ? "-p " + ports.getFirst()
                    : !dns.isEmpty() ? "--dns " + dns.getFirst()
                    : !addHosts.isEmpty() ? "--add-host " + addHosts.getFirst() : null;
            if (extra != null) {
                throw new IllegalArgumentException(extra + ": needs a bridge network (--network bridge or a"
                        + " network's name), not --network " + mode);
            }
            return new Choice(Network.parse(mode), null);
        }
        String name = mode.equals("bridge") ? NetworkStore.DEFAULT : mode;
        try {
            NetworkStore.checkName(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--network " + mode + ": expected none, host, bridge or a network's"
                    + " name");
        }
        return new Choice(Network.BRIDGE, new NetworkJoin(name, pm, dns, hosts));
    }
}
