package io.edgefusion.cli.image;

import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.store.StoredImage;
import io.edgefusion.image.transfer.Exporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** {@code edgefusion image save NAME DIR}. */
@Command(name = "save", mixinStandardHelpOptions = true,
        description = {"Write an image into an OCI image layout directory (created if missing; an existing layout"
                + " keeps its other images). umoci, skopeo and containerd read it as DIR:TAG."},
        footer = {"", "Examples:",
                "  edgefusion image save demo/app:1.1 ./out",
                "  umoci unpack --image ./out:1.1 bundle",
                "  skopeo copy oci:./out:1.1 oci-archive:app.tar:1.1"})
public final class SaveCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Image name[:tag] or ID.")
    String image;

    @Parameters(index = "1", paramLabel = "DIR", description = "Target OCI layout directory.")
    Path dir;

    @Option(names = "--tag", paramLabel = "TAG", description = "Tag inside the layout (default: the image's tag).")
    String tag;



    @Override
    void run(ImageStore st) {
        StoredImage im = st.get(image);
        new Exporter(st).save(im, dir, tag);
        out().printf("saved %s to %s:%s%n", im.ref(), dir, tag == null ? im.ref().tag() : tag);
    }
}
