package io.edgefusion.platform.hal;

import io.edgefusion.platform.contract.ContractVersion;
import io.edgefusion.platform.contract.CoreContract;

import java.util.Optional;

/**
 * Contract rule hal.version at run time: a provider declares the contract it was built for with
 * {@link ImplementsContract}, and the running contract must accept it. The build-time verifier applies the same
 * rule to the annotation in the class file.
 */
public final class ProviderVersion {
    private ProviderVersion() {
    }

    /** Why {@code provider} may not run under {@code contract}, or empty when it may. */
    public static Optional<String> problem(Class<?> provider, CoreContract contract) {
        ImplementsContract ic = provider.getAnnotation(ImplementsContract.class);
        return problem(provider.getName(), ic == null ? null : ic.value(), contract.version());
    }

    /** The rule on a declared version string ({@code null} when the provider declares none). */
    public static Optional<String> problem(String provider, String declared, ContractVersion contract) {
        if (declared == null) {
            return Optional.of(provider + " declares no contract version (@ImplementsContract)");
        }
        ContractVersion v;
        try {
            v = ContractVersion.parse(declared);
        } catch (IllegalArgumentException e) {
            return Optional.of(provider + " declares contract '" + declared + "': " + e.getMessage());
        }
        if (!contract.accepts(v)) {
            return Optional.of(provider + " implements contract " + v + ", this platform's contract is " + contract);
        }
        return Optional.empty();
    }
}
