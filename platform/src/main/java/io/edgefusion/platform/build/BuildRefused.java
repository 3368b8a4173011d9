package io.edgefusion.platform.build;

/** {@code profile build} will not build what was asked; the message is one line naming the thing and the fix. */
public final class BuildRefused extends RuntimeException {
    public BuildRefused(String message) {
        super(message);
    }
}
