package io.edgefusion.cli.image;

import io.edgefusion.image.store.ImageStore;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.edgefusion.cli.output.Table;
import io.edgefusion.image.oci.OciJson;
import io.edgefusion.image.store.StoredImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code edgefusion image ls}. */
@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true,
        description = {"List the images in the store: name, tag, image ID (config digest), creation time, blob size"
                + " and number of layers."},
        footer = {"", "Examples:", "  edgefusion image ls", "  edgefusion image ls --json | jq -r '.[].name'",
                "", "--json schema: edgefusion.image/v1 (docs/image.md)."})
public final class LsCommand extends StoreCommand {
    @Option(names = "--json", description = "Print a JSON array (schema edgefusion.image/v1).")
    boolean json;



    @Override
    void run(ImageStore st) {
        List<StoredImage> all = st.list();
        var out = out();
        if (json) {
            ArrayNode arr = OciJson.MAPPER.createArrayNode();
            all.forEach(im -> arr.add(ImageJson.summary(im)));
            out.println(arr.toPrettyString());
        } else {
            Table t = new Table("NAME", "TAG", "IMAGE ID", "CREATED", "SIZE", "LAYERS");
            all.forEach(im -> t.row(im.ref().name(), im.ref().tag(), im.id().shortHex(), im.config().created(),
                    ImageJson.size(im.blobSize()), im.manifest().layers().size()));
            t.print(out, "");
        }
    }
}
