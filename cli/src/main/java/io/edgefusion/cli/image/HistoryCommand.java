package io.edgefusion.cli.image;

import io.edgefusion.image.store.ImageStore;
import io.edgefusion.cli.output.Table;
import io.edgefusion.cli.output.Units;
import io.edgefusion.image.store.StoredImage;
import io.edgefusion.runtime.json.ImageHistory;
import io.edgefusion.runtime.json.ImageJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code edgefusion image history NAME}. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"Show how an image was made, newest step first: when, by which instruction, and the size of"
                + " the layer it added (config-only steps add none)."},
        footer = {"", "Examples:", "  edgefusion image history demo/app:1.1", "  edgefusion image history --json demo/app:1.1"})
public final class HistoryCommand extends StoreCommand {
    @Parameters(paramLabel = "NAME", description = "Image name[:tag] or ID.")
    String image;

    @Option(names = "--json", description = "Print one JSON document, oldest step first (schema edgefusion.image.history/v1,"
            + " docs/json/image.history.md).")
    boolean json;



    @Override
    void run(ImageStore st) {
        StoredImage im = st.get(image);
        var out = out();
        if (json) {
            out.println(ImageJson.history(im).toPrettyString());
        } else {
            Table t = new Table("LAYER", "CREATED", "CREATED BY", "SIZE");
            for (ImageHistory.Step r : ImageHistory.of(im).reversed()) {
                String by = r.entry().createdBy() == null ? "" : r.entry().createdBy();
                t.row(r.layer() == null ? "-" : r.layer().digest().shortHex(), r.entry().created(),
                        by.length() > 70 ? by.substring(0, 69) + "…" : by,
                        r.layer() == null ? "0 B" : Units.size(r.layer().size()));
            }
            t.print(out, "");
        }
    }
}
