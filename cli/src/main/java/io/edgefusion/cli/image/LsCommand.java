package io.edgefusion.cli.image;

import io.edgefusion.image.store.ImageStore;
import io.edgefusion.cli.output.Table;
import io.edgefusion.cli.output.JsonDocs;
import io.edgefusion.cli.output.Units;
import io.edgefusion.runtime.json.ImageJson;
import io.edgefusion.image.store.StoredImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code edgefusion image ls}. */
@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true,
        description = {"List the images in the store: name, tag, image ID (config digest), creation time, blob size"
                + " and number of layers."},
        footer = {"", "Examples:", "  edgefusion image ls", "  edgefusion image ls --json | jq -r '.images[].name'",
                "", "--json schema: edgefusion.image.ls/v1 (docs/json/image.ls.md)."})
public final class LsCommand extends StoreCommand {
    @Option(names = "--json", description = "Print one JSON document (schema edgefusion.image.ls/v1).")
    boolean json;



    @Override
    void run(ImageStore st) {
        List<StoredImage> all = st.list();
        var out = out();
        if (json) {
            out.println(ImageJson.ls(all).toPrettyString());
        } else {
            Table t = new Table("NAME", "TAG", "IMAGE ID", "CREATED", "SIZE", "LAYERS");
            all.forEach(im -> t.row(im.ref().name(), im.ref().tag(), im.id().shortHex(), created(im),
                    Units.size(im.blobSize()), im.manifest().layers().size()));
            t.print(out, "");
        }
    }

    /** The config's own time in the one output form, or as recorded when it is not RFC 3339. */
    private static String created(StoredImage im) {
        String t = JsonDocs.time(im.config().created());
        return t != null ? t : im.config().created() == null ? "-" : im.config().created();
    }
}
