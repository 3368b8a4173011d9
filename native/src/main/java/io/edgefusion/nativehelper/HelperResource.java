package io.edgefusion.nativehelper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The compiled helper binary, packaged in this jar by the Maven build (gcc, static, -Wall -Wextra -Werror). */
public final class HelperResource {
    /** Resource name of the binary. */
    public static final String NAME = "edgefusion-helper";
    /** Resource name of the thin client (native/CLIENT.md), built beside the helper with the same flags. */
    public static final String CLIENT_NAME = "edgefusion-client";
    /** Protocol version the binary speaks (native/PROTOCOL.md); the binary prints it for --version. */
    public static final int PROTOCOL_VERSION = 1;

    private HelperResource() {
    }

    /** SHA-256 of the binary, computed by the build: names the extracted copy, so a new build gets a new file. */
    public static String sha256() {
        try (InputStream in = HelperResource.class.getResourceAsStream(NAME + ".sha256")) {
            if (in == null) {
                throw new IllegalStateException("helper checksum missing from the jar: rebuild the native module");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The binary's bytes. */
    public static byte[] bytes() {
        try (InputStream in = HelperResource.class.getResourceAsStream(NAME)) {
            if (in == null) {
                throw new IllegalStateException("helper binary " + NAME + " missing from the jar: build the native"
                        + " module (it needs gcc)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
