package io.edgefusion.sandbox.spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A user mount (docker's {@code --mount} and {@code --tmpfs}). Targets are absolute paths inside the sandbox. */
@com.fasterxml.jackson.annotation.JsonTypeInfo(use = com.fasterxml.jackson.annotation.JsonTypeInfo.Id.NAME,
        property = "type")
@com.fasterxml.jackson.annotation.JsonSubTypes({
        @com.fasterxml.jackson.annotation.JsonSubTypes.Type(value = MountSpec.Bind.class, name = "bind"),
        @com.fasterxml.jackson.annotation.JsonSubTypes.Type(value = MountSpec.Tmpfs.class, name = "tmpfs")})
public sealed interface MountSpec {

    String target();

    /** {@code --mount type=bind,src=/host/path,dst=/in/sandbox[,ro]}. */
    record Bind(Path source, String target, boolean readOnly) implements MountSpec {
    }

    /** {@code --tmpfs /dir} (mode 1777, nosuid, nodev). */
    record Tmpfs(String target) implements MountSpec {
    }

    /** Parses docker's {@code --mount} syntax; only {@code type=bind} is supported here. */
    static MountSpec parseMount(String text) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            int eq = part.indexOf('=');
            kv.put(eq < 0 ? part : part.substring(0, eq), eq < 0 ? "true" : part.substring(eq + 1));
        }
        String type = kv.getOrDefault("type", "bind");
        if (!type.equals("bind") && !type.equals("tmpfs")) {
            throw new IllegalArgumentException("--mount " + text + ": type must be bind or tmpfs");
        }
        String dst = first(kv, "dst", "destination", "target");
        if (dst == null || !dst.startsWith("/")) {
            throw new IllegalArgumentException("--mount " + text + ": dst must be an absolute path");
        }
        if (type.equals("tmpfs")) {
            return new Tmpfs(dst);
        }
        String src = first(kv, "src", "source");
        if (src == null) {
            throw new IllegalArgumentException("--mount " + text + ": src is required for a bind mount");
        }
        Path source = Path.of(src).toAbsolutePath().normalize();
        if (!Files.exists(source)) {
            throw new IllegalArgumentException("--mount " + text + ": source " + source + " does not exist");
        }
        boolean ro = "true".equals(kv.get("ro")) || "true".equals(kv.get("readonly")) || "1".equals(kv.get("ro"));
        return new Bind(source, dst, ro);
    }

    private static String first(Map<String, String> kv, String... keys) {
        for (String k : keys) {
            if (kv.containsKey(k)) {
                return kv.get(k);
            }
        }
        return null;
    }
}
