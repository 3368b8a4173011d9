package io.edgefusion.runtime.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one reading of environment assignments a caller gives ({@code run -e}, {@code exec -e}): {@code K=V} sets,
 * {@code K} passes the caller's own value of K (left out when the caller has none, as docker does), and an empty
 * name ({@code =x}) is refused. The caller's environment is a parameter, never this JVM's: the node parses for
 * many callers at once.
 */
public final class EnvAssignments {
    private EnvAssignments() {
    }

    /**
     * The assignments in order (a later one for the same name wins).
     *
     * @param flag      how the caller spells the option, for the error ({@code --env})
     * @param callerEnv the environment of whoever gave the assignments
     * @throws EnvAssignmentException for an empty name
     */
    public static Map<String, String> parse(String flag, List<String> assignments, Map<String, String> callerEnv) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String kv : assignments) {
            int eq = kv.indexOf('=');
            if (eq == 0) {
                throw new EnvAssignmentException(flag, kv, "empty variable name");
            }
            if (eq < 0) {
                String v = callerEnv.get(kv);
                if (v != null) {
                    env.put(kv, v);
                }
            } else {
                env.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return env;
    }

    /**
     * An image config's or Buildfile's {@code K=V} list as a map, in order. Entries without a name are skipped:
     * they come from a foreign document, and the sandbox has no way to set them either.
     */
    public static Map<String, String> ofConfig(List<String> entries) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String kv : entries) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                env.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return env;
    }
}
