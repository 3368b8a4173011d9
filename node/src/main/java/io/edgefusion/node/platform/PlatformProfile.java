package io.edgefusion.node.platform;

import io.edgefusion.node.NodeStartException;
import io.edgefusion.platform.contract.CoreContract;
import io.edgefusion.platform.module.ModuleCatalog;
import io.edgefusion.platform.profile.Profile;
import io.edgefusion.platform.profile.ProfileCheck;
import io.edgefusion.platform.profile.ProfileValidator;
import io.edgefusion.platform.profile.TrustAnchor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;

/**
 * A profile the node runs, validated exactly as {@code profile validate} does (stage rules included). The key
 * production profiles are verified with comes from {@code --trusted-key FILE} or, by default,
 * {@link TrustAnchor#INSTALLED}, never from the node's own distribution or the profile's directory
 * ({@link TrustAnchor}).
 */
public record PlatformProfile(Path file, Profile profile, ModuleCatalog catalog, CoreContract contract) {
    public static PlatformProfile load(Path file, Optional<Path> trustedKey, Path distribution)
            throws NodeStartException {
        Optional<PublicKey> trusted = Optional.empty();
        if (trustedKey.isPresent() || Files.exists(TrustAnchor.INSTALLED)) {
            try {
                Path dir = file.toAbsolutePath().getParent();
                trusted = Optional.of(TrustAnchor.load(trustedKey.orElse(TrustAnchor.INSTALLED),
                        List.of(distribution, dir)).key());
            } catch (TrustAnchor.UntrustedKeyException e) {
                throw new NodeStartException(NodeStartException.INVALID_PROFILE, e.getMessage(), e);
            }
        }
        CoreContract contract = CoreContract.builtIn();
        ModuleCatalog catalog = ModuleCatalog.discover();
        ProfileCheck check;
        try {
            check = new ProfileValidator(catalog, contract, trusted).validate(file);
        } catch (IOException e) {
            throw new NodeStartException(NodeStartException.INVALID_PROFILE, file + ": " + e.getMessage(), e);
        }
        if (!check.ok()) {
            throw new NodeStartException(NodeStartException.INVALID_PROFILE,
                    String.join("\n", check.problems().stream().map(Object::toString).toList()), null, true);
        }
        return new PlatformProfile(file, check.profile().orElseThrow(), catalog, contract);
    }

    /** The profile's port for a service ({@code api}, {@code metrics}), if it names one. */
    public Optional<Integer> port(String service) {
        return Optional.ofNullable(profile.servicePorts().get(service));
    }
}
