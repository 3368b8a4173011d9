package io.edgefusion.cli.image;

import io.edgefusion.image.store.ImageStore;
import io.edgefusion.cli.output.Units;
import io.edgefusion.image.oci.ImageRef;
import io.edgefusion.image.store.Gc;
import io.edgefusion.image.ImageException;
import io.edgefusion.image.store.StoredImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** {@code edgefusion image rm NAME…}. */
@Command(name = "rm", aliases = "remove", mixinStandardHelpOptions = true,
        description = {"Remove image tags, then every blob and unpacked layer no remaining image (or sandbox hold)"
                + " references. Layers shared with other images stay."},
        footer = {"", "An ID that several tags share is refused unless -f is given; NAME:TAG removes just that tag.",
                "", "Examples:", "  edgefusion image rm demo/app:1.0",
                "  edgefusion image rm -f 1a2b3c4d5e6f",
                "  edgefusion image rm -f $(edgefusion image ls --json | jq -r '.images[].id')"})
public final class RmCommand extends StoreCommand {
    @Parameters(arity = "1..*", paramLabel = "NAME", description = "Image name[:tag] or ID.")
    List<String> images;

    @Option(names = {"-f", "--force"},
            description = "Remove an image given by ID even when several tags name it (all of them go).")
    boolean force;

    @Override
    void run(ImageStore st) {
        List<StoredImage> all = st.list();
        List<ImageRef> refs = new ArrayList<>();
        for (String n : images) {
            StoredImage im = st.get(n);
            if (!im.isNamedById(n)) {
                refs.add(im.ref()); // NAME:TAG untags just that tag, as docker rmi does
                continue;
            }
            List<ImageRef> tags = all.stream().filter(x -> x.id().equals(im.id())).map(StoredImage::ref).toList();
            if (tags.size() > 1 && !force) {
                throw new ImageException("image " + im.id().shortHex() + " is referenced in multiple tags ("
                        + tags.stream().map(ImageRef::toString).collect(Collectors.joining(", "))
                        + "): use -f to remove them all, or name one tag");
            }
            refs.addAll(tags);
        }
        refs = refs.stream().distinct().toList();
        Gc.Removed r = st.gc().remove(refs);
        var out = out();
        refs.forEach(ref -> out.println("untagged " + ref));
        out.printf("deleted %d layers, %d blobs (%s)%n", r.layers(), r.blobs(), Units.size(r.bytes()));
    }
}
