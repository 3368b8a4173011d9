package io.edgefusion.cli.registry;

import io.edgefusion.image.ImageException;
import io.edgefusion.image.registry.RegistryConfig;
import io.edgefusion.platform.yaml.Problem;
import io.edgefusion.platform.yaml.YMap;
import io.edgefusion.platform.yaml.YamlDoc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads {@code registries.yaml} ({@code registries: {HOST: {mirrors: [...], ca-file: F, insecure: bool}}}) with
 * the platform's YAML reader, so a mistake is reported as {@code file:line:col: message} with a did-you-mean,
 * every mistake at once. A missing file is no configuration.
 */
final class RegistriesFile {
    private static final Set<String> HOST_KEYS = Set.of("mirrors", "ca-file", "insecure");

    private RegistriesFile() {
    }

    static RegistryConfig read(Path file) {
        if (!Files.exists(file)) {
            return RegistryConfig.EMPTY;
        }
        YamlDoc doc = YamlDoc.read(file, 1 << 20, "registries file").doc();
        Map<String, RegistryConfig.Host> hosts = new LinkedHashMap<>();
        doc.root().ifPresent(root -> {
            root.allowOnly(Set.of("registries"));
            root.map("registries").ifPresent(regs -> {
                for (String host : regs.keys()) {
                    regs.map(host).ifPresent(h -> hosts.put(host, host(host, h, file)));
                }
            });
        });
        List<Problem> problems = doc.problems();
        if (!problems.isEmpty()) {
            throw new ImageException(problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
        }
        return new RegistryConfig(hosts);
    }

    private static RegistryConfig.Host host(String name, YMap h, Path file) {
        h.allowOnly(HOST_KEYS);
        List<String> mirrors = new ArrayList<>();
        h.strings("mirrors").forEach(i -> mirrors.add(i.value()));
        Path ca = h.string("ca-file").map(s -> file.getParent().resolve(s)).orElse(null);
        if (ca != null && !Files.isRegularFile(ca)) {
            h.doc().problem(h.valueMark("ca-file"), "ca-file " + ca + ": no such file");
        }
        return new RegistryConfig.Host(name, mirrors, ca, h.bool("insecure").orElse(false));
    }
}
