package io.edgefusion.cli.registry;

import io.edgefusion.image.ImageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code edgefusion logout REGISTRY}. */
@Command(name = "logout", mixinStandardHelpOptions = true,
        description = {"Forget the stored login of a registry (DIR/registry/config.json)."},
        footer = {"", "Examples:", "  edgefusion logout 127.0.0.1:5000"})
public final class LogoutCommand extends RegistryCommand {
    @Parameters(index = "0", paramLabel = "REGISTRY", description = "host[:port] of the registry.")
    String registry;

    @Override
    void run() {
        if (!credentials().remove(registry)) {
            throw new ImageException("logout " + registry + ": not logged in");
        }
        out().println("Removed login credentials for " + registry);
    }
}
