package io.edgefusion.sandbox.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A sandbox on a named network: CNI ADD of the network's list into the sandbox's netns, the result cached; CHECK
 * and DEL from that cache; and the sandbox's {@code /etc/hosts} and {@code /etc/resolv.conf} texts. The sandbox
 * lifecycle calls {@link #attach} once the sandbox's netns is bound (see {@link NetnsBinding}) and
 * {@link #detachAll} on every removal path (rm, --rm, gc), before it unbinds the netns.
 */
public final class NetworkAttachment {
    private static final System.Logger LOG = System.getLogger(NetworkAttachment.class.getName());
    /** The namespace of this process: every nsfs file shares its device, so a bound netns file shows it. */
    private static final Path SELF_NET = Path.of("/proc/self/ns/net");

    private final NetworkStore store;
    private final ResultCache cache;
    private final CniInvoker cni;

    public NetworkAttachment(NetworkStore store, CniInvoker cni) {
        this.store = store;
        this.cache = store.cache();
        this.cni = cni;
    }

    /**
     * One attachment to make. {@code name} is the sandbox's name on the network (its /etc/hosts name for the
     * others; empty for none); {@code dns} is {@code --dns} (empty: the rules of {@link ResolvConf}).
     */
    public record Request(String containerId, String name, Path netns, String network, String ifname,
                          List<PortMapping> ports, List<HostEntry> extraHosts, List<String> dns) {
    }

    /** What ADD gave: the sandbox's addresses (CIDR), the gateway, the DNS, and the two files' texts. */
    public record Attached(String network, String ifname, List<String> addresses, String gateway,
                           CniResult result, String hosts, String resolvConf) {
    }

    public ResultCache cache() {
        return cache;
    }

    /** Who is attached to a network, from the cache (the record of attachments until the sandbox wiring adds its own). */
    public NetworkUsers users() {
        return network -> cache.list(network).stream()
                .map(e -> e.name().isEmpty() ? e.containerId() : e.name()).distinct().toList();
    }

    /**
     * ADD; on failure, DEL what the partial chain may have made and rethrow, so nothing is left half-made. A
     * second ADD of the same (network, container, ifname) without a DEL is refused, as the spec requires.
     */
    public Attached attach(Request r) {
        NamedNetwork net = store.get(r.network());
        if (cache.get(r.network(), r.containerId(), r.ifname()).isPresent()) {
            throw new IllegalStateException("sandbox " + r.containerId() + " is already on network " + r.network()
                    + " as " + r.ifname());
        }
        CniInvoker.Params p = new CniInvoker.Params(r.containerId(), r.netns().toString(), r.ifname());
        Map<String, JsonNode> caps = capabilities(r.ports());
        CniResult result;
        try {
            result = cni.add(net.conflist(), p, caps);
        } catch (RuntimeException e) {
            try {
                cni.del(net.conflist(), p, caps, null);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        cache.put(new ResultCache.Entry(r.network(), r.containerId(), r.ifname(), r.netns().toString(), r.name(),
                r.ports(), result));
        LOG.log(System.Logger.Level.DEBUG, "network {0}: {1} {2} added ({3})", r.network(), r.containerId(),
                r.ifname(), result.sandboxIps());
        List<String> own = result.sandboxIps().stream().map(CniResult.Ip::ip).toList();
        String hosts = HostsFile.render(r.name(), own, r.extraHosts(),
                HostsFile.peers(cache.list(r.network()), r.containerId()));
        String resolv = ResolvConf.render(readOrEmpty(Path.of(ResolvConf.HOST)),
                readOrEmpty(Path.of(ResolvConf.RESOLVED_UPSTREAM)), r.dns(), result.dns());
        return new Attached(r.network(), r.ifname(),
                result.sandboxIps().stream().map(CniResult.Ip::address).toList(), result.gateway(), result, hosts,
                resolv);
    }

    /** CHECK against the cached ADD result; a {@link CniException} says what is wrong. */
    public void check(String containerId, String network, String ifname) {
        ResultCache.Entry e = cache.get(network, containerId, ifname).orElseThrow(() -> new IllegalStateException(
                "sandbox " + containerId + " is not on network " + network + " as " + ifname));
        cni.check(store.get(network).conflist(), new CniInvoker.Params(containerId, e.netns(), ifname),
                capabilities(e.ports()), e.result());
    }

    /**
     * DEL with the cached result and parameters, then drop the cache entry. Works after the sandbox is gone: the
     * netns path is passed only while it still names a namespace (else CNI_NETNS is empty and the plugins clean
     * up what they can reach). Without a cache entry (never added, or already deleted) the plugins still get a
     * DEL, which they must accept. A failed DEL keeps the entry, so a later gc can try again.
     */
    public void detach(String containerId, String network, String ifname) {
        var entry = cache.get(network, containerId, ifname);
        var net = store.find(network);
        if (net.isEmpty()) {
            cache.remove(network, containerId, ifname); // the network's list is gone: nothing can be run
            return;
        }
        String netns = entry.map(ResultCache.Entry::netns).filter(NetworkAttachment::isNetns).orElse("");
        cni.del(net.get().conflist(), new CniInvoker.Params(containerId, netns, ifname),
                capabilities(entry.map(ResultCache.Entry::ports).orElse(List.of())),
                entry.map(ResultCache.Entry::result).orElse(null));
        cache.remove(network, containerId, ifname);
        LOG.log(System.Logger.Level.DEBUG, "network {0}: {1} {2} deleted{3}", network, containerId, ifname,
                netns.isEmpty() ? " (netns gone)" : "");
    }

    /** DEL every cached attachment of a sandbox (its removal: rm, --rm, gc); the first failure is thrown last. */
    public void detachAll(String containerId) {
        RuntimeException first = null;
        for (ResultCache.Entry e : cache.ofContainer(containerId)) {
            try {
                detach(containerId, e.network(), e.ifname());
            } catch (RuntimeException ex) {
                if (first == null) {
                    first = ex;
                } else {
                    first.addSuppressed(ex);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** The current /etc/hosts of an attached sandbox (to rewrite it when peers come and go). */
    public String hostsFor(String containerId, String network, String ifname, List<HostEntry> extraHosts) {
        ResultCache.Entry e = cache.get(network, containerId, ifname).orElseThrow(() -> new IllegalStateException(
                "sandbox " + containerId + " is not on network " + network));
        return HostsFile.render(e.name(), e.result().sandboxIps().stream().map(CniResult.Ip::ip).toList(),
                extraHosts, HostsFile.peers(cache.list(network), containerId));
    }

    /** {@code network rm}: refused while used; the list, its leases and its bridge go. */
    public void removeNetwork(String name, NetworkUsers users) {
        NamedNetwork n = store.find(name).orElseThrow(() -> new IllegalArgumentException("network " + name
                + ": no such network"));
        store.remove(name, users);
        if (!n.bridge().isEmpty()) {
            cni.tool(List.of("ip", "link", "delete", n.bridge(), "type", "bridge")); // absent: nothing to do
        }
    }

    static Map<String, JsonNode> capabilities(List<PortMapping> ports) {
        if (ports.isEmpty()) {
            return Map.of();
        }
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        ports.forEach(p -> a.add(p.toCni()));
        return Map.of("portMappings", a);
    }

    /** Whether {@code path} still names a network namespace (a live /proc path or a bound nsfs file). */
    static boolean isNetns(String path) {
        if (path.isEmpty()) {
            return false;
        }
        try {
            return Files.getAttribute(Path.of(path), "unix:dev").equals(Files.getAttribute(SELF_NET, "unix:dev"));
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat " + path, e);
        }
    }

    private static String readOrEmpty(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }
}
