package io.edgefusion.cli.image;

import io.edgefusion.cli.ExitCodes;
import io.edgefusion.image.store.Gc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code edgefusion image prune}. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = {"Remove blobs and unpacked layers that no image or sandbox hold references, and the leftovers"
                + " of interrupted imports and builds. Waits for running imports and builds to finish."},
        footer = {"", "Examples:", "  edgefusion image prune"})
public final class PruneCommand implements Callable<Integer> {
    @Mixin
    StoreOption store;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Gc.Removed r = store.open("prune").gc().prune();
        spec.commandLine().getOut().printf("deleted %d layers, %d blobs, %d temp entries (%s)%n", r.layers(), r.blobs(),
                r.tmpEntries(), ImageJson.size(r.bytes()));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
