package io.edgefusion.sandbox.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Named networks: one CNI configuration list per network at {@code ROOT/networks/NAME.conflist} (0644), made by
 * {@code network create} or, for {@link #DEFAULT}, on first use. Each list is bridge (with host-local IPAM on a
 * private /24 that no host route or other network overlaps) → portmap → firewall → loopback.
 */
public final class NetworkStore {
    /** The network {@code --network bridge} means, on the bridge of the same name. */
    public static final String DEFAULT = "edgefusion0";
    /** Where the default subnet search starts: 10.88.0.0/16 is podman's, 172.17.0.0/16 docker's. */
    public static final Ipv4Net DEFAULT_START = new Ipv4Net(Ipv4Net.parseIp("default", "10.89.0.0"), 24);
    static final String SUFFIX = ".conflist";
    /** CNI's network name rule (spec §1), at most 64 characters so a bridge and chain names stay derivable. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final int IFNAMSIZ = 16;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Supplier<List<Ipv4Net>> hostRoutes;

    /** The store of state root {@code root}, checking subnets against this namespace's routes. */
    public NetworkStore(Path root) {
        this(root, Ipv4Net::hostRoutes);
    }

    public NetworkStore(Path root, Supplier<List<Ipv4Net>> hostRoutes) {
        this.dir = root.resolve("networks");
        this.hostRoutes = hostRoutes;
    }

    public Path dir() {
        return dir;
    }

    /** Where host-local keeps its address leases: under our root, not /var/lib/cni. */
    public Path ipamDir() {
        return dir.resolve("ipam");
    }

    public ResultCache cache() {
        return new ResultCache(dir.resolve("cache"));
    }

    public static String checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("network name '" + name + "': use letters, digits, '_', '.' and"
                    + " '-', starting with a letter or digit, at most 64 characters");
        }
        return name;
    }

    /** The bridge of network {@code name}: the default's own name, else {@code ef-NAME} or {@code ef-HASH}. */
    static String bridgeOf(String name) {
        if (name.equals(DEFAULT)) {
            return DEFAULT;
        }
        String b = "ef-" + name;
        if (b.length() < IFNAMSIZ && name.matches("[a-z0-9-]+")) {
            return b;
        }
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return "ef-" + HexFormat.of().formatHex(h).substring(0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Makes a network. Without {@code subnet}, the first /24 from {@link #DEFAULT_START} that neither a host route
     * nor another network uses; {@code gateway} defaults to the subnet's first address.
     */
    public NamedNetwork create(String name, Optional<String> subnet, Optional<String> gateway) {
        checkName(name);
        if (Files.exists(file(name))) {
            throw new IllegalArgumentException("network " + name + " already exists");
        }
        List<Ipv4Net> networks = list().stream().map(NamedNetwork::subnet).filter(s -> !s.isEmpty())
                .map(Ipv4Net::parseSubnet).toList();
        List<Ipv4Net> routes = hostRoutes.get();
        Ipv4Net net;
        if (subnet.isPresent()) {
            net = Ipv4Net.parseSubnet(subnet.get());
            for (NamedNetwork other : list()) {
                if (!other.subnet().isEmpty() && Ipv4Net.parseSubnet(other.subnet()).overlaps(net)) {
                    throw new IllegalArgumentException("--subnet " + net + ": overlaps network " + other.name()
                            + " (" + other.subnet() + ")");
                }
            }
            for (Ipv4Net r : routes) {
                if (r.overlaps(net)) {
                    throw new IllegalArgumentException("--subnet " + net + ": overlaps the host's route to " + r);
                }
            }
        } else {
            List<Ipv4Net> taken = new ArrayList<>(routes);
            taken.addAll(networks);
            net = Ipv4Net.firstFree(DEFAULT_START, taken);
        }
        int gw = net.firstHost();
        if (gateway.isPresent()) {
            gw = Ipv4Net.parseIp("--gateway " + gateway.get(), gateway.get());
            if (!net.contains(gw) || gw == net.address() || gw == net.broadcast()) {
                throw new IllegalArgumentException("--gateway " + gateway.get() + ": not a host address of " + net);
            }
        }
        ObjectNode list = conflist(name, bridgeOf(name), net, Ipv4Net.dotted(gw));
        write(name, list);
        return new NamedNetwork(name, file(name), list);
    }

    ObjectNode conflist(String name, String bridge, Ipv4Net net, String gateway) {
        ObjectNode l = JSON.createObjectNode();
        l.put("cniVersion", CniInvoker.CNI_VERSION).put("name", name);
        ArrayNode plugins = l.putArray("plugins");
        ObjectNode b = plugins.addObject();
        b.put("type", "bridge").put("bridge", bridge).put("isGateway", true).put("ipMasq", true)
                .put("hairpinMode", true);
        ObjectNode ipam = b.putObject("ipam");
        ipam.put("type", "host-local");
        ipam.putArray("ranges").addArray().addObject().put("subnet", net.toString()).put("gateway", gateway);
        ipam.putArray("routes").addObject().put("dst", "0.0.0.0/0");
        ipam.put("dataDir", ipamDir().toString());
        plugins.addObject().put("type", "portmap").putObject("capabilities").put("portMappings", true);
        plugins.addObject().put("type", "firewall").put("backend", "iptables");
        plugins.addObject().put("type", "loopback");
        return l;
    }

    private void write(String name, ObjectNode list) {
        Path f = file(name);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + name, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
            try {
                Files.writeString(tmp, list.toPrettyString() + "\n");
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
                Files.createLink(f, tmp); // fails, unlike a rename, when another create won the race
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException("network " + name + " already exists");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + f, e);
        }
    }

    public Path file(String name) {
        return dir.resolve(name + SUFFIX);
    }

    /** The network, if it exists. */
    public Optional<NamedNetwork> find(String name) {
        checkName(name);
        Path f = file(name);
        try {
            JsonNode n = JSON.readTree(Files.readString(f));
            if (!(n instanceof ObjectNode o)) {
                throw new IllegalArgumentException(f + ": not a CNI configuration list");
            }
            return Optional.of(new NamedNetwork(name, f, o));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    /** The network; the default one is created on first use, any other must exist. */
    public NamedNetwork get(String name) {
        Optional<NamedNetwork> n = find(name);
        if (n.isPresent()) {
            return n.get();
        }
        if (name.equals(DEFAULT)) {
            try {
                return create(DEFAULT, Optional.empty(), Optional.empty());
            } catch (IllegalArgumentException raced) {
                return find(name).orElseThrow(() -> raced);
            }
        }
        throw new IllegalArgumentException("network " + name + ": no such network (edgefusion network ls)");
    }

    /** Every stored network by name (the default only once it was used or created). */
    public List<NamedNetwork> list() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<NamedNetwork> out = new ArrayList<>();
            for (Path f : s.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
                String n = f.getFileName().toString();
                find(n.substring(0, n.length() - SUFFIX.length())).ifPresent(out::add);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** Removes a network nobody uses; a used one is refused, naming its users. */
    public void remove(String name, NetworkUsers users) {
        NamedNetwork n = find(name).orElseThrow(() -> new IllegalArgumentException("network " + name
                + ": no such network"));
        List<String> using = users.of(name);
        if (!using.isEmpty()) {
            throw new IllegalStateException("network " + name + " is in use by " + String.join(", ", using)
                    + ": remove those sandboxes first");
        }
        try {
            Files.delete(n.file());
            deleteTree(ipamDir().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + n.file(), e);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
