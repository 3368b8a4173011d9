package io.edgefusion.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefusion.image.ImageException;
import io.edgefusion.image.oci.ImageConfig;

/**
 * {@code os/arch[/variant]} as {@code --platform} takes it, picking one manifest from an image index. Without a
 * variant any variant of the architecture matches (the first listed wins).
 */
public record PlatformSpec(String os, String architecture, String variant) {
    /** linux on this JVM's architecture (aarch64 → arm64, x86_64 → amd64). */
    public static PlatformSpec host() {
        return new PlatformSpec("linux", ImageConfig.goArch(), null);
    }

    public static PlatformSpec parse(String s) {
        String[] p = s.split("/", -1);
        if (p.length < 2 || p.length > 3 || p[0].isEmpty() || p[1].isEmpty() || (p.length == 3 && p[2].isEmpty())) {
            throw new ImageException("--platform " + s + ": expected os/arch[/variant], e.g. linux/arm64");
        }
        return new PlatformSpec(p[0], p[1], p.length == 3 ? p[2] : null);
    }

    /** Whether an index entry's {@code platform} object is this one. */
    boolean matches(JsonNode platform) {
        if (platform == null || !platform.isObject()) {
            return false;
        }
        return os.equals(platform.path("os").asText()) && architecture.equals(platform.path("architecture").asText())
                && (variant == null || variant.equals(platform.path("variant").asText()));
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
