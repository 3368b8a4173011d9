package io.edgefusion.runtime.spec;

import io.edgefusion.image.oci.ImageConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An image's config as defaults under what the caller asked for, as docker merges them: the command is the
 * entrypoint followed by the caller's arguments (the image's CMD when there are none); the caller's variables
 * override the image's, which come first; working directory and user apply only when the caller set none.
 */
public final class ImageDefaults {
    private ImageDefaults() {
    }

    /**
     * What the sandbox gets.
     *
     * @param workdir null for the sandbox's default (/)
     * @param user    null for root
     */
    public record Merged(List<String> command, Map<String, String> env, String workdir, String user) {
        public Merged {
            command = List.copyOf(command);
            env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
        }
    }

    /** The caller's own values, unchanged: a root filesystem directory has no config. */
    public static Merged none(List<String> command, Map<String, String> env, String workdir, String user) {
        return new Merged(command, env, workdir, user);
    }

    /**
     * {@code config} under the caller's values.
     *
     * @param command the caller's arguments (empty: the image's CMD)
     * @param workdir the caller's, or null
     * @param user    the caller's, or null
     */
    public static Merged apply(ImageConfig config, List<String> command, Map<String, String> env, String workdir,
                               String user) {
        Map<String, String> merged = EnvAssignments.ofConfig(config.env());
        merged.putAll(env);
        List<String> argv = new ArrayList<>(config.entrypoint());
        argv.addAll(command.isEmpty() ? config.cmd() : command);
        String wd = workdir == null && !isEmpty(config.workingDir()) ? config.workingDir() : workdir;
        String usr = user == null && !isEmpty(config.user()) ? config.user() : user;
        return new Merged(argv, merged, wd, usr);
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }
}
