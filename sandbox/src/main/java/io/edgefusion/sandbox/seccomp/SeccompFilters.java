package io.edgefusion.sandbox.seccomp;

import io.edgefusion.sandbox.spec.Capabilities;
import io.edgefusion.sandbox.spec.SandboxSpec;
import io.edgefusion.sandbox.spec.Seccomp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * The filter a sandbox's processes run under: EdgeFusion's default policy ({@code default.json} beside this
 * class), a user's policy file, or none ({@code seccomp=unconfined}, {@code --privileged}). Compiled for the
 * host's architecture and the sandbox's capability set, for {@code run} and for every {@code exec} alike.
 */
public final class SeccompFilters {
    static final String DEFAULT_RESOURCE = "default.json";
    static final String DEFAULT_SOURCE = "builtin:" + DEFAULT_RESOURCE;
    private static volatile SeccompPolicy defaultPolicy;

    private SeccompFilters() {
    }

    /** The program for {@code spec}, or empty when it runs unconfined. */
    public static Optional<BpfProgram> forSpec(SandboxSpec spec) {
        Optional<SeccompPolicy> policy = policyOf(spec);
        if (policy.isEmpty()) {
            return Optional.empty();
        }
        Set<String> caps = Capabilities.resolve(spec.capAdd(), spec.capDrop());
        return Optional.of(FilterCompiler.compile(policy.get(), FilterTarget.host(caps)));
    }

    /** The policy {@code spec} asks for; empty for unconfined or privileged. */
    public static Optional<SeccompPolicy> policyOf(SandboxSpec spec) {
        if (spec.security().privileged()) {
            return Optional.empty();
        }
        return switch (spec.security().seccomp()) {
            case Seccomp.Unconfined u -> Optional.empty();
            case Seccomp.DefaultPolicy d -> Optional.of(defaultPolicy());
            case Seccomp.Custom c -> Optional.of(PolicyParser.parse(c.json(), c.source()));
        };
    }

    /** One word for {@code inspect} and {@code ps}: default, unconfined, or the custom policy's source. */
    public static String mode(SandboxSpec spec) {
        if (spec.security().privileged()) {
            return "unconfined (privileged)";
        }
        return switch (spec.security().seccomp()) {
            case Seccomp.Unconfined u -> "unconfined";
            case Seccomp.DefaultPolicy d -> "default";
            case Seccomp.Custom c -> "custom " + c.source();
        };
    }

    public static SeccompPolicy defaultPolicy() {
        SeccompPolicy p = defaultPolicy;
        if (p == null) {
            p = PolicyParser.parse(defaultPolicyText(), DEFAULT_SOURCE);
            defaultPolicy = p;
        }
        return p;
    }

    /** The text of the built-in policy, as shipped. */
    static String defaultPolicyText() {
        return resource(DEFAULT_RESOURCE);
    }

    static String resource(String name) {
        try (InputStream in = SeccompFilters.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("seccomp resource " + name + " missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
