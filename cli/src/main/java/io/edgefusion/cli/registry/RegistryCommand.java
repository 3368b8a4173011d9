package io.edgefusion.cli.registry;

import io.edgefusion.cli.Caller;
import io.edgefusion.image.registry.Credentials;
import io.edgefusion.image.registry.Registries;
import io.edgefusion.image.store.StoreLayout;
import io.edgefusion.kernel.sys.Platform;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * What pull, push, login and logout share: the state root, and under it {@code registry/config.json} (logins,
 * docker's shape, 0600) and {@code registry/registries.yaml} (mirrors, CA files, insecure hosts).
 */
abstract class RegistryCommand implements Callable<Integer> {
    @Option(names = "--root", paramLabel = "DIR",
            description = "State dir (default: $EDGEFUSION_ROOT or /var/lib/edgefusion); logins live in"
                    + " DIR/registry/config.json, registry settings in DIR/registry/registries.yaml.")
    Path root;

    @Spec
    CommandSpec spec;

    abstract void run();

    @Override
    public final Integer call() {
        Platform.requireLinux("edgefusion " + spec.name());
        run();
        out().flush();
        return io.edgefusion.cli.ExitCodes.OK;
    }

    Path stateRoot() {
        return root != null ? root : Caller.cwd().resolve(StoreLayout.defaultRoot(Caller.env()));
    }

    Credentials credentials() {
        return new Credentials(stateRoot().resolve("registry/config.json"));
    }

    Registries registries(Path caFile, boolean insecure) {
        return new Registries(RegistriesFile.read(stateRoot().resolve("registry/registries.yaml")), credentials(),
                caFile == null ? null : Caller.cwd().resolve(caFile), insecure);
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
