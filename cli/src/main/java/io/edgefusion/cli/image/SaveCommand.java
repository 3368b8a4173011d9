package io.edgefusion.cli.image;

import io.edgefusion.cli.ExitCodes;
import io.edgefusion.image.store.StoredImage;
import io.edgefusion.image.transfer.Exporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code edgefusion image save NAME DIR}. */
@Command(name = "save", mixinStandardHelpOptions = true,
        description = {"Write an image into an OCI image layout directory (created if missing; an existing layout"
                + " keeps its other images). umoci, skopeo and containerd read it as DIR:TAG."},
        footer = {"", "Examples:",
                "  edgefusion image save demo/app:1.1 ./out",
                "  umoci unpack --image ./out:1.1 bundle",
                "  skopeo copy oci:./out:1.1 oci-archive:app.tar:1.1"})
public final class SaveCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "Image name[:tag] or ID.")
    String image;

    @Parameters(index = "1", paramLabel = "DIR", description = "Target OCI layout directory.")
    Path dir;

    @Option(names = "--tag", paramLabel = "TAG", description = "Tag inside the layout (default: the image's tag).")
    String tag;

    @Mixin
    StoreOption store;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var st = store.open("save");
        StoredImage im = st.get(image);
        new Exporter(st).save(im, dir, tag);
        spec.commandLine().getOut().printf("saved %s to %s:%s%n", im.ref(), dir, tag == null ? im.ref().tag() : tag);
        return ExitCodes.OK;
    }
}
