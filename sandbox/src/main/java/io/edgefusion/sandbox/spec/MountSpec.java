package io.edgefusion.sandbox.spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A user mount (docker's {@code --mount} and {@code --tmpfs}). Targets are absolute paths inside the sandbox. */
@com.fasterxml.jackson.annotation.JsonTypeInfo(use = com.fasterxml.jackson.annotation.JsonTypeInfo.Id.NAME,
        property = "type")
@com.fasterxml.jackson.annotation.JsonSubTypes({
        @com.fasterxml.jackson.annotation.JsonSubTypes.Type(value = MountSpec.Bind.class, name = "bind"),
        @com.fasterxml.jackson.annotation.JsonSubTypes.Type(value = MountSpec.Tmpfs.class, name = "tmpfs")})
public sealed interface MountSpec {

    String target();

    /** {@code --mount type=bind,src=/host/path,dst=/in/sandbox[,ro]}: recursive; {@code ro} reaches submounts too. */
    record Bind(Path source, String target, boolean readOnly) implements MountSpec {
    }

    /**
     * {@code --tmpfs DIR[:OPTS]} or {@code --mount type=tmpfs}: nosuid, nodev, noexec, mode 1777 and a 64 MiB cap
     * unless {@code options} (docker's --tmpfs options, validated by {@link TmpfsOptions}) say otherwise.
     */
    record Tmpfs(String target, List<String> options) implements MountSpec {
        public Tmpfs {
            options = options == null ? List.of() : List.copyOf(options);
        }

        public Tmpfs(String target) {
            this(target, List.of());
        }
    }

    /** docker's --mount keys; the volume keys are recognised only to be refused as unsupported. */
    Set<String> MOUNT_KEYS = Set.of("type", "src", "source", "dst", "destination", "target", "ro", "readonly",
            "bind-propagation", "tmpfs-size", "tmpfs-mode");
    Set<String> VOLUME_KEYS = Set.of("volume-driver", "volume-label", "volume-nocopy", "volume-opt",
            "volume-subpath");

    /** Parses docker's {@code --mount} syntax ({@code type=bind} or {@code type=tmpfs}); any other key is refused. */
    static MountSpec parseMount(String text) {
        return parseMount(text, null);
    }

    /** As {@link #parseMount(String)}, a relative bind source resolved against {@code cwd} (null: the JVM's). */
    static MountSpec parseMount(String text, Path cwd) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            int eq = part.indexOf('=');
            String key = (eq < 0 ? part : part.substring(0, eq)).strip();
            if (VOLUME_KEYS.contains(key)) {
                throw new IllegalArgumentException("--mount " + text + ": " + key
                        + " is unsupported (no volumes; use type=bind or type=tmpfs)");
            }
            if (!MOUNT_KEYS.contains(key)) {
                throw new IllegalArgumentException("--mount " + text + ": unknown key " + key + " (one of "
                        + String.join(", ", new java.util.TreeSet<>(MOUNT_KEYS)) + ")");
            }
            if (kv.containsKey(key)) {
                throw new IllegalArgumentException("--mount " + text + ": " + key + " given twice");
            }
            kv.put(key, eq < 0 ? null : part.substring(eq + 1));
        }
        String type = kv.getOrDefault("type", "volume");
        if (type == null || !type.equals("bind") && !type.equals("tmpfs")) {
            throw new IllegalArgumentException("--mount " + text + ": type must be bind or tmpfs"
                    + (kv.containsKey("type") ? "" : " (docker's default, volume, is unsupported)"));
        }
        String dst = first(kv, "dst", "destination", "target");
        if (dst == null || !dst.startsWith("/")) {
            throw new IllegalArgumentException("--mount " + text + ": dst must be an absolute path");
        }
        boolean ro = bool(text, kv, "ro") || bool(text, kv, "readonly");
        if (type.equals("tmpfs")) {
            for (String k : List.of("src", "source", "bind-propagation")) {
                if (kv.containsKey(k)) {
                    throw new IllegalArgumentException("--mount " + text + ": " + k + " does not apply to tmpfs");
                }
            }
            List<String> opts = new ArrayList<>();
            if (kv.containsKey("tmpfs-size")) {
                opts.add("size=" + kv.get("tmpfs-size"));
            }
            if (kv.containsKey("tmpfs-mode")) {
                opts.add("mode=" + kv.get("tmpfs-mode"));
            }
            if (ro) {
                opts.add("ro");
            }
            TmpfsOptions.parse(opts, "--mount " + text);
            return new Tmpfs(dst, opts);
        }
        for (String k : List.of("tmpfs-size", "tmpfs-mode")) {
            if (kv.containsKey(k)) {
                throw new IllegalArgumentException("--mount " + text + ": " + k + " does not apply to a bind mount");
            }
        }
        String prop = kv.get("bind-propagation");
        if (kv.containsKey("bind-propagation") && !"rprivate".equals(prop) && !"private".equals(prop)) {
            throw new IllegalArgumentException("--mount " + text + ": bind-propagation=" + prop
                    + " is unsupported (a sandbox's mounts are always rprivate)");
        }
        String src = first(kv, "src", "source");
        if (src == null || src.isEmpty()) {
            throw new IllegalArgumentException("--mount " + text + ": src is required for a bind mount");
        }
        Path source = (cwd == null ? Path.of(src).toAbsolutePath() : cwd.resolve(src)).normalize();
        if (!Files.exists(source)) {
            throw new IllegalArgumentException("--mount " + text + ": source " + source + " does not exist");
        }
        return new Bind(source, dst, ro);
    }

    /** docker's {@code --tmpfs DIR[:OPTS]}, OPTS being comma-separated tmpfs options. */
    static Tmpfs parseTmpfs(String text) {
        int colon = text.indexOf(':');
        String dir = colon < 0 ? text : text.substring(0, colon);
        if (!dir.startsWith("/")) {
            throw new IllegalArgumentException("--tmpfs " + text + ": the directory must be an absolute path");
        }
        List<String> opts = colon < 0 || colon == text.length() - 1 ? List.of()
                : List.of(text.substring(colon + 1).split(","));
        TmpfsOptions.parse(opts, "--tmpfs " + text);
        return new Tmpfs(dir, opts);
    }

    /** {@code ro}, {@code ro=true|1}, {@code ro=false|0}. */
    private static boolean bool(String text, Map<String, String> kv, String key) {
        if (!kv.containsKey(key)) {
            return false;
        }
        String v = kv.get(key);
        return switch (v == null ? "true" : v) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new IllegalArgumentException("--mount " + text + ": " + key + "=" + v
                    + " (expected true or false)");
        };
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
