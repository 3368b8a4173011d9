package io.edgefusion.cli.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.edgefusion.cli.ExitCodes;
import io.edgefusion.cli.output.Table;
import io.edgefusion.image.oci.OciJson;
import io.edgefusion.image.store.StoredImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code edgefusion image ls}. */
@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true,
        description = {"List the images in the store: name, tag, image ID (config digest), creation time, blob size"
                + " and number of layers."},
        footer = {"", "Examples:", "  edgefusion image ls", "  edgefusion image ls --json | jq -r '.[].name'",
                "", "--json schema: edgefusion.image/v1 (docs/image.md)."})
public final class LsCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print a JSON array (schema edgefusion.image/v1).")
    boolean json;

    @Mixin
    StoreOption store;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<StoredImage> all = store.open("ls").list();
        var out = spec.commandLine().getOut();
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
        out.flush();
        return ExitCodes.OK;
    }
}
