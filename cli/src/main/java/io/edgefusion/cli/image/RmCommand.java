package io.edgefusion.cli.image;

import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.oci.ImageRef;
import io.edgefusion.image.store.Gc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code edgefusion image rm NAME…}. */
@Command(name = "rm", aliases = "remove", mixinStandardHelpOptions = true,
        description = {"Remove image tags, then every blob and unpacked layer no remaining image (or sandbox hold)"
                + " references. Layers shared with other images stay."},
        footer = {"", "Examples:", "  edgefusion image rm demo/app:1.0", "  edgefusion image rm $(edgefusion image ls --json | jq -r '.images[].id')"})
public final class RmCommand extends StoreCommand {
    @Parameters(arity = "1..*", paramLabel = "NAME", description = "Image name[:tag] or ID.")
    List<String> images;



    @Override
    void run(ImageStore st) {
        List<ImageRef> refs = images.stream().map(n -> st.get(n).ref()).distinct().toList();
        Gc.Removed r = st.gc().remove(refs);
        var out = out();
        refs.forEach(ref -> out.println("untagged " + ref));
        out.printf("deleted %d layers, %d blobs (%s)%n", r.layers(), r.blobs(), ImageJson.size(r.bytes()));
    }
}
