package io.edgefusion.platform.hal;

/** A backend refused or failed an operation (bad tag, bad padding, unsupported mode). */
public final class CryptoFailure extends RuntimeException {
    public CryptoFailure(String message, Throwable cause) {
        super(message, cause);
    }

    public CryptoFailure(String message) {
        super(message);
    }
}
