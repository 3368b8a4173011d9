package io.edgefusion.cli.sandbox;

import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.state.StateStore;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --root DIR}: where sandbox state lives (default /var/lib/edgefusion, or $EDGEFUSION_ROOT). */
public final class StateRoot {
    @Option(names = "--root", paramLabel = "DIR", description = "State directory (default: $EDGEFUSION_ROOT or"
            + " /var/lib/edgefusion).")
    Path root;

    public Path path() {
        if (root != null) {
            return root;
        }
        String env = System.getenv("EDGEFUSION_ROOT");
        return env != null && !env.isBlank() ? Path.of(env) : StateStore.DEFAULT_ROOT;
    }

    public Sandboxes sandboxes() {
        io.edgefusion.kernel.sys.Platform.requireLinux("edgefusion sandboxes");
        return new Sandboxes(path());
    }
}
