package io.edgefusion.cli.image;

import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.store.Gc;
import io.edgefusion.cli.output.Units;
import io.edgefusion.runtime.lease.Leases;
import picocli.CommandLine.Command;

import java.time.InstantSource;


/** {@code edgefusion image prune}. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = {"Remove blobs and unpacked layers that no image or sandbox hold references, and the leftovers"
                + " of interrupted imports and builds. Waits for running imports and builds to finish."},
        footer = {"", "Examples:", "  edgefusion image prune"})
public final class PruneCommand extends StoreCommand {


    @Override
    void run(ImageStore st) {
        // Leases of sandboxes that no longer exist, and lapsed ones, must not keep their layers.
        Leases.sync(st.layout().stateRoot(), InstantSource.system());
        Gc.Removed r = st.gc().prune();
        out().printf("deleted %d layers, %d blobs, %d temp entries (%s)%n", r.layers(), r.blobs(),
                r.tmpEntries(), Units.size(r.bytes()));
            }
}
