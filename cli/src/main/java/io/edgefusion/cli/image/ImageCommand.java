package io.edgefusion.cli.image;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code edgefusion image}: the local image store. */
@Command(name = "image", mixinStandardHelpOptions = true,
        description = {"Manage the local image store: import OCI layouts, OCI archives and docker-save archives,"
                + " build images from a Buildfile, save them as OCI layouts for umoci/skopeo, list, inspect and"
                + " remove them.",
                "",
                "Each layer is unpacked once (keyed by chain id) into overlay form under the state dir and shared by"
                        + " every image that has it; sandboxes mount those directories as overlay lowerdirs."
                        + " Needs Linux and root (whiteouts are device nodes, opaque dirs trusted xattrs)."},
        subcommands = {ImportCommand.class, SaveCommand.class, LsCommand.class, InspectCommand.class,
                HistoryCommand.class, RmCommand.class, PruneCommand.class, BuildCommand.class, TagCommand.class},
        footer = {"", "Examples:",
                "  edgefusion image import ./layout:1.0 demo/app:1.0   # OCI layout, tag 1.0",
                "  edgefusion image import app.tar        # OCI or docker-save archive",
                "  edgefusion image build -f Buildfile -t demo/app:1.1 .",
                "  edgefusion image ls --json",
                "  edgefusion image save demo/app:1.1 ./out",
                "  umoci unpack --image ./out:1.1 bundle",
                "", "Store layout and policies: docs/image.md; JSON documents: docs/json/."})
public final class ImageCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
