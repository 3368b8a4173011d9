package io.edgefusion.cli;

import io.edgefusion.sandbox.network.NetnsBinding;
import io.edgefusion.sandbox.testing.TestNetns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Everything of a sandbox's CNI attachment that could outlive it, as lines to compare before and after (the
 * bridge itself stays by design): veths and addresses in the test's "host" namespace, its iptables/nft rules,
 * and the state root's CNI cache, netns binds and address leases.
 */
final class NetworkTraces {
    /** The per-attachment chains the bridge and portmap plugins make (CNI-DN-…, CNI-<hash>). */
    private static final Pattern OWN_CHAINS = Pattern.compile("CNI-DN-|CNI-[0-9a-f]{20,}");

    private NetworkTraces() {
    }

    /** The traces of network {@code net} on {@code subnetPrefix} (e.g. "10.89.7.") under state root {@code root}. */
    static List<String> of(TestNetns host, Path root, String net, String subnetPrefix) throws IOException {
        List<String> out = new ArrayList<>();
        host.run("ip", "-o", "link", "show", "type", "veth").lines().map(l -> "veth: " + l).forEach(out::add);
        host.run("ip", "-o", "-4", "addr").lines()
                .filter(l -> l.contains(subnetPrefix) && !l.contains(subnetPrefix + "1/"))
                .map(l -> "address: " + l).forEach(out::add);
        (host.run("iptables-save") + host.run("nft", "list", "ruleset")).lines()
                .filter(l -> l.contains(subnetPrefix) || OWN_CHAINS.matcher(l).find())
                .map(l -> "rule: " + l).forEach(out::add);
        files(root.resolve("networks").resolve("cache")).forEach(f -> out.add("cache: " + f));
        files(root.resolve("netns")).forEach(f -> out.add("netns: " + f));
        files(root.resolve("networks").resolve("ipam").resolve(net)).stream()
                .filter(f -> f.startsWith(subnetPrefix)).forEach(f -> out.add("lease: " + f));
        return out;
    }

    /** The regular files below {@code dir}, relative and sorted; none when it is missing. */
    static List<String> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    /** Unbinds every netns bind under {@code dir} (a test's clean-up after a failure). */
    static void unbindAll(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    NetnsBinding.unbind(p);
                }
            }
        }
    }
}
