package io.edgefusion.platform.hal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What business code holds: the HAL as the profile configured it. {@code crypto()} is the profile's cipher
 * (AES on one board, SM4 on another) — the calling code names a mode and a key, never a backend, so it runs
 * unchanged on both. {@code device(name)} is a channel to a device the profile lists.
 */
public final class Hal {
    private final HalRegistry registry;
    private final java.util.Optional<Algorithm> algorithm;
    private final Set<Mode> modes;
    private final Map<String, DeviceSpec> devices;

    public Hal(HalRegistry registry, java.util.Optional<Algorithm> algorithm, Set<Mode> modes,
               List<DeviceSpec> devices) {
        this.registry = registry;
        this.algorithm = algorithm;
        this.modes = Set.copyOf(modes);
        this.devices = devices.stream().collect(Collectors.toUnmodifiableMap(DeviceSpec::name, Function.identity()));
    }

    /** A cipher on the profile's backend; choose the mode and key next. */
    public CipherBuilder crypto() {
        Algorithm a = algorithm.orElseThrow(() -> new IllegalStateException("the profile chooses no crypto"
                + " backend (hal.crypto)"));
        CryptoProvider p = registry.crypto(a).orElseThrow(() -> new IllegalStateException(
                "no " + a.id() + " provider is registered (is module hal.crypto enabled with feature " + a.id() + "?)"));
        return new CipherBuilder(p, modes, Mode.GCM, null, null, null);
    }

    /** An unopened channel to the device the profile calls {@code name}. */
    public DeviceChannel device(String name) {
        DeviceSpec d = devices.get(name);
        if (d == null) {
            throw new IllegalArgumentException("the profile lists no device '" + name + "' (it has "
                    + String.join(", ", devices.keySet()) + ")");
        }
        DeviceChannelProvider p = registry.device(d.kind()).orElseThrow(() -> new IllegalStateException(
                "no provider for device kind " + d.kind() + " is registered"));
        return p.create(d);
    }

    /** The profile's crypto backend. */
    public Algorithm algorithm() {
        return algorithm.orElseThrow(() -> new IllegalStateException("the profile chooses no crypto backend"));
    }

    /** The seed's fluent cipher: {@code hal.crypto().mode(CBC).key(k).iv(iv).encrypt(plaintext)}. */
    public record CipherBuilder(CryptoProvider provider, Set<Mode> allowed, Mode mode, byte[] key, byte[] iv,
                                byte[] aad) {
        public CipherBuilder mode(Mode m) {
            if (!allowed.contains(m)) {
                throw new IllegalArgumentException("the profile does not allow mode " + m + " (allowed: "
                        + allowed.stream().map(Enum::name).sorted().collect(Collectors.joining(", ")) + ")");
            }
            return new CipherBuilder(provider, allowed, m, key, iv, aad);
        }

        public CipherBuilder key(byte[] k) {
            return new CipherBuilder(provider, allowed, mode, k.clone(), iv, aad);
        }

        public CipherBuilder iv(byte[] v) {
            return new CipherBuilder(provider, allowed, mode, key, v.clone(), aad);
        }

        public CipherBuilder aad(byte[] a) {
            return new CipherBuilder(provider, allowed, mode, key, iv, a.clone());
        }

        public byte[] encrypt(byte[] plaintext) {
            return provider.encrypt(spec(), plaintext);
        }

        public byte[] decrypt(byte[] ciphertext) {
            return provider.decrypt(spec(), ciphertext);
        }

        public Algorithm algorithm() {
            return provider.algorithm();
        }

        private CipherSpec spec() {
            if (key == null) {
                throw new IllegalStateException("set a key first");
            }
            return new CipherSpec(provider.algorithm(), mode, key, iv, aad);
        }
    }
}
