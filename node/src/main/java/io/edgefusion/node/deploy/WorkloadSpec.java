package io.edgefusion.node.deploy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One workload of a deployment, as its file spells it.
 *
 * @param name      unique in the deployment; the sandbox is named {@code <deployment>-<workload>-r<revision>}
 * @param source    an image reference or a rootfs directory
 * @param command   argv; empty = the image's entrypoint + cmd
 * @param env       added to (and overriding) the image's environment
 * @param resources limits
 * @param restart   what to do when it exits
 * @param health    how to tell it is healthy; empty = healthy once running
 * @param after     workloads of the same deployment that must be healthy before this one starts
 * @param ports     published ports, each in {@code run -p}'s syntax (needs a bridge network)
 * @param network   none, host, bridge or a network's name; empty = none
 */
public record WorkloadSpec(String name, Source source, List<String> command, Map<String, String> env,
                           Resources resources, RestartPolicy restart, Optional<HealthCheck> health,
                           List<String> after, List<String> ports, Optional<String> network) {
    public WorkloadSpec {
        command = List.copyOf(command);
        env = Map.copyOf(env);
        after = List.copyOf(after);
        ports = ports == null ? List.of() : List.copyOf(ports);
        network = network == null ? Optional.empty() : network;
    }

    /** The same workload without ports or network (older call sites and files). */
    public WorkloadSpec(String name, Source source, List<String> command, Map<String, String> env,
                        Resources resources, RestartPolicy restart, Optional<HealthCheck> health, List<String> after) {
        this(name, source, command, env, resources, restart, health, after, List.of(), Optional.empty());
    }

    public sealed interface Source {
        record Image(String reference) implements Source {
        }

        record Rootfs(java.nio.file.Path directory) implements Source {
        }
    }
}
