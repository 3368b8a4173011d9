package io.edgefusion.cli.sandbox;

import io.edgefusion.image.store.StoredImage;
import io.edgefusion.runtime.commit.SandboxChanges;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code edgefusion commit}: a sandbox's changes as a new image layer. */
@Command(name = "commit", mixinStandardHelpOptions = true,
        description = {"Turn what a sandbox changed (its overlay upper directory; deletions become whiteouts) into"
                + " a new layer on top of the image it was started from, and tag the result. A running sandbox is"
                + " frozen while its upper directory is read, so the layer is one consistent moment; if commit is"
                + " killed meanwhile, gc thaws it. Other commands on the sandbox wait until commit is done.",
                "",
                "The new image's CMD is the sandbox's command when it differed from the base image's ENTRYPOINT"
                        + " and CMD (the entrypoint stays when the command starts with it), as docker commit"
                        + " keeps the container's command."},
        footer = {"", "Example:", "  edgefusion commit -m 'configured' web demo/web:configured"})
public final class CommitCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;

    @Option(names = {"-m", "--message"}, description = "Comment recorded in the image history.")
    String message;

    @Parameters(index = "0", paramLabel = "SANDBOX")
    String name;

    @Parameters(index = "1", paramLabel = "NAME:TAG")
    String tag;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        StoredImage committed = new SandboxChanges(root.sandboxes(), root.path()).commit(name, tag, message);
        spec.commandLine().getOut().println(committed.id());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
