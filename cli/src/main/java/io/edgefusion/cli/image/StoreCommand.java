package io.edgefusion.cli.image;

import io.edgefusion.image.store.ImageStore;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** What every {@code image} subcommand shares: {@code --root}, its output streams, exit 0 on success. */
abstract class StoreCommand implements Callable<Integer> {
    @Mixin
    StoreOption storeOption;

    @Spec
    CommandSpec spec;

    /** Runs the command against the store it opened (after checking the platform). */
    abstract void run(ImageStore store);

    @Override
    public final Integer call() {
        run(storeOption.open(spec.name()));
        out().flush();
        return io.edgefusion.cli.ExitCodes.OK;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
