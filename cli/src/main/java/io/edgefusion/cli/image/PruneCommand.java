package io.edgefusion.cli.image;

import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.store.Gc;
import picocli.CommandLine.Command;


/** {@code edgefusion image prune}. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = {"Remove blobs and unpacked layers that no image or sandbox hold references, and the leftovers"
                + " of interrupted imports and builds. Waits for running imports and builds to finish."},
        footer = {"", "Examples:", "  edgefusion image prune"})
public final class PruneCommand extends StoreCommand {


    @Override
    void run(ImageStore st) {
        // Holds of sandboxes that no longer exist must not keep their layers.
        io.edgefusion.cli.sandbox.ImageHolds.sync(st.layout().stateRoot());
        Gc.Removed r = st.gc().prune();
        out().printf("deleted %d layers, %d blobs, %d temp entries (%s)%n", r.layers(), r.blobs(),
                r.tmpEntries(), ImageJson.size(r.bytes()));
            }
}
