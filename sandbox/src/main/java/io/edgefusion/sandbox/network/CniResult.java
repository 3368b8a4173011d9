package io.edgefusion.sandbox.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The Success result of a CNI ADD (spec §5): the interfaces made, the addresses given to them, routes and DNS.
 * {@link #raw()} is the plugin's JSON exactly as printed; it is what the next plugin of a chain gets as
 * {@code prevResult} and what the cache keeps, so fields this record does not model are never lost.
 */
public record CniResult(String cniVersion, List<Interface> interfaces, List<Ip> ips, List<Route> routes, Dns dns,
                        ObjectNode raw) {
    /** An interface; {@code sandbox} is the netns path for one inside the container, empty on the host. */
    public record Interface(String name, String mac, String sandbox) {
        public boolean inSandbox() {
            return !sandbox.isEmpty();
        }
    }

    /** An address in CIDR form, its gateway (may be empty) and the index of its interface (-1: none given). */
    public record Ip(String address, String gateway, int interfaceIndex) {
        /** The address without its prefix length: {@code 10.89.0.2}. */
        public String ip() {
            int slash = address.indexOf('/');
            return slash < 0 ? address : address.substring(0, slash);
        }
    }

    /** {@code dst} in CIDR form; {@code gw} may be empty (then the address's gateway applies). */
    public record Route(String dst, String gw) {
    }

    public record Dns(List<String> nameservers, String domain, List<String> search, List<String> options) {
        public static final Dns NONE = new Dns(List.of(), "", List.of(), List.of());
    }

    /** Reads a plugin's stdout; a document that is not a result object is an {@link IllegalArgumentException}. */
    public static CniResult parse(JsonNode doc) {
        if (!(doc instanceof ObjectNode o)) {
            throw new IllegalArgumentException("a CNI result is a JSON object, not " + doc.getNodeType());
        }
        List<Interface> ifs = new ArrayList<>();
        for (JsonNode i : o.path("interfaces")) {
            ifs.add(new Interface(i.path("name").asText(""), i.path("mac").asText(""), i.path("sandbox").asText("")));
        }
        List<Ip> ips = new ArrayList<>();
        for (JsonNode i : o.path("ips")) {
            ips.add(new Ip(i.path("address").asText(""), i.path("gateway").asText(""),
                    i.has("interface") ? i.path("interface").asInt(-1) : -1));
        }
        List<Route> routes = new ArrayList<>();
        for (JsonNode r : o.path("routes")) {
            routes.add(new Route(r.path("dst").asText(""), r.path("gw").asText("")));
        }
        JsonNode d = o.path("dns");
        Dns dns = new Dns(strings(d.path("nameservers")), d.path("domain").asText(""), strings(d.path("search")),
                strings(d.path("options")));
        return new CniResult(o.path("cniVersion").asText(""), List.copyOf(ifs), List.copyOf(ips),
                List.copyOf(routes), dns, o.deepCopy());
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(n -> out.add(n.asText()));
        return List.copyOf(out);
    }

    /** The addresses given to interfaces inside the sandbox (all of them when the result names none). */
    public List<Ip> sandboxIps() {
        List<Ip> out = new ArrayList<>();
        for (Ip ip : ips) {
            int i = ip.interfaceIndex();
            if (i < 0 || i >= interfaces.size() || interfaces.get(i).inSandbox()) {
                out.add(ip);
            }
        }
        return out;
    }

    /** The first gateway of a sandbox address, or empty. */
    public String gateway() {
        return sandboxIps().stream().map(Ip::gateway).filter(g -> !g.isEmpty()).findFirst().orElse("");
    }

    /** The host-side interfaces (the bridge and the veth's host end). */
    public List<Interface> hostInterfaces() {
        return interfaces.stream().filter(i -> !i.inSandbox()).toList();
    }
}
