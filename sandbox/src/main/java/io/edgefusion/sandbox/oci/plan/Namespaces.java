package io.edgefusion.sandbox.oci.plan;

import io.edgefusion.sandbox.oci.config.Linux;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code linux.namespaces} in the helper's words: the types to create ({@code ns}) and the ones to join by path
 * ({@code nsjoin}). The time namespace and unknown types are refused.
 */
public record Namespaces(List<String> created, Map<String, String> joined) {
    private static final Map<String, String> HELPER_NAME = Map.of("pid", "pid", "network", "net", "mount", "mnt",
            "ipc", "ipc", "uts", "uts", "user", "user", "cgroup", "cgroup");

    public static Namespaces of(Linux linux) {
        List<String> created = new ArrayList<>();
        Map<String, String> joined = new LinkedHashMap<>();
        for (Linux.Namespace n : linux.namespaces()) {
            String name = HELPER_NAME.get(n.type());
            if (name == null) {
                throw new LaunchPlanException("linux.namespaces: type " + n.type() + " is not supported (one of "
                        + String.join(", ", new java.util.TreeSet<>(HELPER_NAME.keySet())) + ")");
            }
            if (created.contains(name) || joined.containsKey(name)) {
                throw new LaunchPlanException("linux.namespaces: " + n.type() + " is given twice");
            }
            if (n.path() == null || n.path().isEmpty()) {
                created.add(name);
            } else {
                if (!n.path().startsWith("/")) {
                    throw new LaunchPlanException("linux.namespaces: " + n.type() + " path " + n.path()
                            + " is not absolute");
                }
                if (!java.nio.file.Files.exists(java.nio.file.Path.of(n.path()))) {
                    throw new LaunchPlanException("linux.namespaces: " + n.type() + " path " + n.path()
                            + " does not exist");
                }
                joined.put(name, n.path());
            }
        }
        if (!created.contains("mnt")) {
            throw new LaunchPlanException("linux.namespaces: a new mount namespace is required");
        }
        return new Namespaces(List.copyOf(created), Map.copyOf(joined));
    }

    public boolean has(String helperName) {
        return created.contains(helperName) || joined.containsKey(helperName);
    }

    public boolean creates(String helperName) {
        return created.contains(helperName);
    }
}
