package io.edgefusion.platform.hal;

/** A driver the registry refuses: wrong contract version, or a second driver for the same slot. */
public final class HalRegistrationException extends RuntimeException {
    public HalRegistrationException(String message) {
        super(message);
    }
}
