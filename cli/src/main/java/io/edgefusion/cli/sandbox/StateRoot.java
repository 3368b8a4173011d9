package io.edgefusion.cli.sandbox;

import io.edgefusion.cli.Caller;
import io.edgefusion.image.store.StoreLayout;
import io.edgefusion.sandbox.Sandboxes;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --root DIR}: where sandbox state lives (default /var/lib/edgefusion, or $EDGEFUSION_ROOT). */
public final class StateRoot {
    @Option(names = "--root", paramLabel = "DIR", description = "State directory (default: $EDGEFUSION_ROOT or"
            + " /var/lib/edgefusion).")
    Path root;

    /**
     * {@code --root}, else the same default the image store uses (the caller's $EDGEFUSION_ROOT, else
     * /var/lib/edgefusion); relative to the caller's working directory.
     */
    public Path path() {
        return root != null ? root : Caller.cwd().resolve(StoreLayout.defaultRoot(Caller.env()));
    }

    /** The {@code --root} given to this command, or null (then a parent's or the default applies). */
    public Path root() {
        return root;
    }

    public Sandboxes sandboxes() {
        io.edgefusion.kernel.sys.Platform.requireLinux("edgefusion sandboxes");
        return new Sandboxes(path());
    }
}
