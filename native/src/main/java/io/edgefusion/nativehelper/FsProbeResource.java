package io.edgefusion.nativehelper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The mount-flag probe of {@code edgefusion diagnose fs} (src/main/c/fsprobe), packaged in this jar by the
 * Maven build beside the helper: static, so it runs in a sandbox root that has no libc or shell.
 */
public final class FsProbeResource {
    /** Resource name of the binary. */
    public static final String NAME = "edgefusion-fsprobe";

    private FsProbeResource() {
    }

    /** The binary's bytes. */
    public static byte[] bytes() {
        try (InputStream in = FsProbeResource.class.getResourceAsStream(NAME)) {
            if (in == null) {
                throw new IllegalStateException("probe binary " + NAME + " missing from the jar: build the native"
                        + " module (it needs gcc)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
