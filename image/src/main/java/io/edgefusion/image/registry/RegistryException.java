package io.edgefusion.image.registry;

import io.edgefusion.image.ImageException;

/**
 * A registry operation that failed: names the registry (host[:port]), what was being done and why, in one line.
 * {@link AuthFailed} is the credentials' fault (none, or refused); {@link Unreachable} is the connection's (a
 * mirror that fails this way is skipped).
 */
public sealed class RegistryException extends ImageException
        permits RegistryException.AuthFailed, RegistryException.Unreachable, RegistryException.NotFound {
    private final String registry;

    public RegistryException(String registry, String message) {
        super(registry + ": " + message);
        this.registry = registry;
    }

    public RegistryException(String registry, String message, Throwable cause) {
        super(registry + ": " + message, cause);
        this.registry = registry;
    }

    public String registry() {
        return registry;
    }

    public static final class AuthFailed extends RegistryException {
        public AuthFailed(String registry, String message) {
            super(registry, message);
        }
    }

    public static final class Unreachable extends RegistryException {
        public Unreachable(String registry, String message, Throwable cause) {
            super(registry, message, cause);
        }
    }

    public static final class NotFound extends RegistryException {
        public NotFound(String registry, String message) {
            super(registry, message);
        }
    }
}
