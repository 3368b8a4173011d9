package io.edgefusion.oci.cli;

import java.io.InputStream;

/** The config {@code spec} writes, shipped as a resource. */
public final class OciTemplates {
    private OciTemplates() {
    }

    public static InputStream defaultConfig() {
        return OciTemplates.class.getResourceAsStream(SpecCommand.TEMPLATE);
    }
}
