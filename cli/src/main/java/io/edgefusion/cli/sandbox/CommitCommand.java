package io.edgefusion.cli.sandbox;

import io.edgefusion.image.diff.Committer;
import io.edgefusion.image.oci.ImageRef;
import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.store.StoredImage;
import io.edgefusion.image.unpack.UnpackOptions;
import io.edgefusion.kernel.cgroup.CgroupManager;
import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.state.Status;
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
                + " frozen while its upper directory is read, so the layer is one consistent moment.",
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
        Sandboxes sb = root.sandboxes();
        SandboxState s = sb.inspect(name);
        if (s.spec() == null || s.spec().image() == null) {
            throw new IllegalArgumentException("sandbox " + (s.name() != null ? s.name() : s.shortId())
                    + " was not started from an image: commit needs a base image (run IMAGE)");
        }
        ImageRef ref = ImageRef.parse(tag);
        ImageStore store = ImageStore.open(root.path());
        StoredImage base = store.get(s.spec().image());
        CgroupManager cg = sb.cgroup(s.id());
        boolean freeze = s.status() == Status.RUNNING;
        if (freeze) {
            cg.freeze();
        }
        StoredImage committed;
        try {
            committed = new Committer(store, UnpackOptions.defaults()).commit(sb.upperDir(s), base, ref, message,
                    s.spec().command());
        } finally {
            if (freeze) {
                cg.thaw();
            }
        }
        spec.commandLine().getOut().println(committed.id());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
