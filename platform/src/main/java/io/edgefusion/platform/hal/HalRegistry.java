package io.edgefusion.platform.hal;

import io.edgefusion.platform.contract.CoreContract;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where HAL drivers register ({@code hal_crypto_register} in the seed). Registration refuses a driver built for
 * a contract this platform does not accept, so a wrong driver fails at node start, not at first use.
 */
public final class HalRegistry {
    private final CoreContract contract;
    private final Map<Algorithm, CryptoProvider> crypto = new EnumMap<>(Algorithm.class);
    private final Map<String, DeviceChannelProvider> devices = new TreeMap<>();

    public HalRegistry(CoreContract contract) {
        this.contract = contract;
    }

    public synchronized void register(CryptoProvider provider) {
        check(provider);
        CryptoProvider prev = crypto.putIfAbsent(provider.algorithm(), provider);
        if (prev != null) {
            throw new HalRegistrationException(provider.algorithm().id() + " already has a provider: " + prev.name());
        }
    }

    public synchronized void register(DeviceChannelProvider provider) {
        check(provider);
        DeviceChannelProvider prev = devices.putIfAbsent(provider.kind(), provider);
        if (prev != null) {
            throw new HalRegistrationException("device kind " + provider.kind() + " already has a provider");
        }
    }

    public synchronized Optional<CryptoProvider> crypto(Algorithm algorithm) {
        return Optional.ofNullable(crypto.get(algorithm));
    }

    public synchronized Optional<DeviceChannelProvider> device(String kind) {
        return Optional.ofNullable(devices.get(kind));
    }

    /** Every registered driver, for the run-time provider check. */
    public synchronized List<Object> providers() {
        List<Object> all = new ArrayList<>(crypto.values());
        all.addAll(devices.values());
        return all;
    }

    public CoreContract contract() {
        return contract;
    }

    private void check(Object provider) {
        ProviderVersion.problem(provider.getClass(), contract).ifPresent(p -> {
            throw new HalRegistrationException(p);
        });
    }
}
