package io.edgefusion.sandbox.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The runtime's store of ADD results the spec requires (§3: "the runtime must store the result returned by the
 * final plugin persistently"), one file per attachment at {@code ROOT/networks/cache/NETWORK/CONTAINERID/IFNAME.json}
 * with what DEL and CHECK need to repeat the ADD's parameters: the netns path, the capability arguments (the
 * port mappings) and the result. It is written after a successful ADD and removed after a successful DEL, so
 * its entries are the record of who is attached to which network.
 */
public final class ResultCache {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;

    public ResultCache(Path dir) {
        this.dir = dir;
    }

    /** One attachment as cached. {@code name} is the sandbox's name (its hostname on the network), may be empty. */
    public record Entry(String network, String containerId, String ifname, String netns, String name,
                        List<PortMapping> ports, CniResult result) {
    }

    public Path dir() {
        return dir;
    }

    Path file(String network, String containerId, String ifname) {
        return dir.resolve(network).resolve(containerId).resolve(ifname + ".json");
    }

    public void put(Entry e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("kind", "edgefusion.cni-cache/v1").put("network", e.network()).put("containerId", e.containerId())
                .put("ifname", e.ifname()).put("netns", e.netns()).put("name", e.name());
        ArrayNode ports = n.putArray("portMappings");
        e.ports().forEach(p -> ports.add(p.toCni()));
        n.set("result", e.result().raw());
        Path f = file(e.network(), e.containerId(), e.ifname());
        try {
            Files.createDirectories(f.getParent());
            Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
            Files.writeString(tmp, n.toPrettyString());
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write the CNI cache entry " + f, ex);
        }
    }

    public Optional<Entry> get(String network, String containerId, String ifname) {
        Path f = file(network, containerId, ifname);
        try {
            return Optional.of(read(Files.readString(f)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CNI cache entry " + f, e);
        }
    }

    static Entry read(String text) throws IOException {
        JsonNode n = JSON.readTree(text);
        List<PortMapping> ports = new ArrayList<>();
        for (JsonNode p : n.path("portMappings")) {
            ports.add(new PortMapping(p.path("hostIP").asText(""), p.path("hostPort").asInt(),
                    p.path("containerPort").asInt(), p.path("protocol").asText("tcp")));
        }
        return new Entry(n.path("network").asText(), n.path("containerId").asText(), n.path("ifname").asText(),
                n.path("netns").asText(""), n.path("name").asText(""), List.copyOf(ports),
                CniResult.parse(n.path("result")));
    }

    /** Removes the entry and the directories it leaves empty. */
    public void remove(String network, String containerId, String ifname) {
        Path f = file(network, containerId, ifname);
        try {
            Files.deleteIfExists(f);
            for (Path d = f.getParent(); !d.equals(dir); d = d.getParent()) {
                try {
                    Files.deleteIfExists(d);
                } catch (DirectoryNotEmptyException busy) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the CNI cache entry " + f, e);
        }
    }

    /** Every attachment of {@code network}, by container id then ifname. */
    public List<Entry> list(String network) {
        Path net = dir.resolve(network);
        if (!Files.isDirectory(net)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(net, 2)) {
            List<Entry> out = new ArrayList<>();
            for (Path f : s.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                try {
                    out.add(read(Files.readString(f)));
                } catch (NoSuchFileException gone) {
                    // removed by a DEL while we listed
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the CNI cache " + net, e);
        }
    }

    /** The attachments of every network of {@code containerId} (what a sandbox's removal must DEL). */
    public List<Entry> ofContainer(String containerId) {
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> nets = Files.list(dir)) {
            for (Path net : nets.sorted().toList()) {
                list(net.getFileName().toString()).stream().filter(e -> e.containerId().equals(containerId))
                        .forEach(out::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the CNI cache " + dir, e);
        }
        return out;
    }
}
