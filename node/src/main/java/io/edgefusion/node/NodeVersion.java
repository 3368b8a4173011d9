package io.edgefusion.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version Maven stamped into the node jar; "dev" for classes compiled outside Maven. */
public final class NodeVersion {
    public static final String API = "v1";

    private NodeVersion() {
    }

    public static String version() {
        try (InputStream in = NodeVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "");
            return v.isBlank() || v.contains("${") ? "dev" : v;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the node's version.properties", e);
        }
    }
}
