package io.edgefusion.image.registry;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code registries.yaml} says about registries, by host ({@code host[:port]} as references write it):
 * mirrors to try first, in order; a CA file to trust for its TLS; whether it may be reached insecurely (plain
 * HTTP or unverified TLS).
 */
public record RegistryConfig(Map<String, Host> hosts) {
    public static final RegistryConfig EMPTY = new RegistryConfig(Map.of());

    public RegistryConfig {
        hosts = Map.copyOf(hosts);
    }

    /** One registry's settings. */
    public record Host(String name, List<String> mirrors, Path caFile, boolean insecure) {
        public Host {
            mirrors = List.copyOf(mirrors);
        }

        static Host plain(String name) {
            return new Host(name, List.of(), null, false);
        }
    }

    public Host host(String name) {
        return hosts.getOrDefault(name, Host.plain(name));
    }

    public boolean listed(String name) {
        return hosts.containsKey(name);
    }
}
