package io.edgefusion.runtime.spec;

import io.edgefusion.kernel.cgroup.LimitSettings;

import java.util.List;
import java.util.Map;

/**
 * A sandbox to start, as its caller (the CLI's {@code run}, a node's workload) asks for it, before its source is
 * resolved and an image's config merged in.
 *
 * @param source     a root filesystem directory (relative to the caller's cwd), {@code builtin:busybox}, or an
 *                   image of the store (name:tag or id)
 * @param name       unique name, or null for {@code ef-<short id>}
 * @param command    the caller's command (empty: the image's CMD)
 * @param env        the caller's variables, already parsed ({@link EnvAssignments}); they override the image's
 * @param workdir    null for the image's, else /
 * @param user       null for the image's, else root
 * @param detach     run in the background (a reaper keeps it)
 * @param autoRemove remove the sandbox when it exits
 */
public record LaunchRequest(String source, String name, List<String> command, Map<String, String> env,
                            String workdir, String user, LimitSettings limits, boolean detach, boolean autoRemove,
                            SandboxOptions options) {
    public LaunchRequest {
        command = List.copyOf(command);
        env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
        if (limits == null) {
            limits = LimitSettings.none();
        }
        if (options == null) {
            options = SandboxOptions.DEFAULT;
        }
    }

    /** The node's shape: a workload with limits and everything else docker's defaults. */
    public static LaunchRequest of(String source, List<String> command, Map<String, String> env,
                                   LimitSettings limits, String name, boolean detach) {
        return new LaunchRequest(source, name, command, env, null, null, limits, detach, false,
                SandboxOptions.DEFAULT);
    }
}
