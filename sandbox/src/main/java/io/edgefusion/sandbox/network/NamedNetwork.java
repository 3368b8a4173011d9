package io.edgefusion.sandbox.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;

/**
 * A network as stored: its name, the CNI configuration list ({@code ROOT/networks/NAME.conflist}) and what the
 * commands show of it, read back from that list (the file is the truth; an edited file shows as edited).
 */
public record NamedNetwork(String name, Path file, ObjectNode conflist) {
    /** The bridge plugin's {@code bridge}, or empty when the list has no bridge plugin. */
    public String bridge() {
        return plugin("bridge").path("bridge").asText("");
    }

    /** The first host-local range's subnet, or empty. */
    public String subnet() {
        return range().path("subnet").asText("");
    }

    public String gateway() {
        return range().path("gateway").asText("");
    }

    /** The plugin types in order: {@code bridge, portmap, firewall, loopback}. */
    public java.util.List<String> plugins() {
        java.util.List<String> out = new java.util.ArrayList<>();
        conflist.path("plugins").forEach(p -> out.add(p.path("type").asText()));
        return out;
    }

    public boolean isDefault() {
        return name.equals(NetworkStore.DEFAULT);
    }

    private JsonNode range() {
        JsonNode ipam = plugin("bridge").path("ipam");
        JsonNode r = ipam.path("ranges").path(0).path(0);
        return r.isMissingNode() ? ipam : r;
    }

    private JsonNode plugin(String type) {
        for (JsonNode p : conflist.path("plugins")) {
            if (p.path("type").asText().equals(type)) {
                return p;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
