package io.edgefusion.cli.image;

import io.edgefusion.cli.Caller;
import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.store.StoreLayout;
import io.edgefusion.kernel.sys.Platform;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --root DIR}: the state dir holding the image store. */
final class StoreOption {
    @Option(names = "--root", paramLabel = "DIR",
            description = "State dir (default: $EDGEFUSION_ROOT or /var/lib/edgefusion); images live under DIR/image.")
    Path root;

    ImageStore open(String command) {
        Platform.requireLinux("edgefusion image " + command);
        return ImageStore.open(root != null ? root : Caller.cwd().resolve(StoreLayout.defaultRoot(Caller.env())));
    }
}
