package io.edgefusion.image.registry;

import io.edgefusion.image.ImageException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How to reach registries: the settings of {@code registries.yaml}, the stored logins and the command's own
 * {@code --ca-file} / {@code --insecure}. Insecure access (plain HTTP, unverified TLS) is allowed only for a
 * loopback registry or one listed in registries.yaml: a typo'd flag must not send credentials in clear to the
 * internet.
 */
public final class Registries {
    private final RegistryConfig config;
    private final Credentials credentials;
    private final Path caFile;
    private final boolean insecure;

    public Registries(RegistryConfig config, Credentials credentials, Path caFile, boolean insecure) {
        this.config = config;
        this.credentials = credentials;
        this.caFile = caFile;
        this.insecure = insecure;
    }

    public Credentials credentials() {
        return credentials;
    }

    /** Connects to {@code registry} itself (ping included). */
    public RegistryClient connect(String registry) {
        return connect(registry, credentials.get(registry).orElse(null));
    }

    /** Connects with {@code login} instead of the stored one (login checks a new password). */
    public RegistryClient connect(String registry, Credentials.Login login) {
        RegistryConfig.Host h = config.host(registry);
        boolean insecureHere = h.insecure() || insecure;
        if (insecure && !h.insecure() && !isLoopback(registry) && !config.listed(registry)) {
            throw new ImageException("--insecure " + registry + ": allowed only for a loopback registry or one"
                    + " listed in registries.yaml");
        }
        Path ca = caFile != null ? caFile : h.caFile();
        return RegistryClient.connect(registry, ca, insecureHere, login);
    }

    /** Where to look for {@code registry}'s images: its mirrors in order, then itself. */
    public List<String> endpoints(String registry) {
        List<String> out = new ArrayList<>(config.host(registry).mirrors());
        out.add(registry);
        return out;
    }

    /** localhost, 127.0.0.0/8 or ::1, with or without a port; no DNS is asked. */
    static boolean isLoopback(String registry) {
        String host = registry.toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            host = host.substring(1, Math.max(1, host.indexOf(']')));
        } else if (host.indexOf(':') == host.lastIndexOf(':') && host.contains(":")) {
            host = host.substring(0, host.indexOf(':'));
        }
        return host.equals("localhost") || host.equals("::1") || host.matches("127(\\.\\d{1,3}){3}");
    }
}
