package io.edgefusion.cli.image;

import io.edgefusion.image.store.ImageStore;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.cli.output.Table;
import io.edgefusion.image.oci.Descriptor;
import io.edgefusion.image.oci.ImageConfig;
import io.edgefusion.cli.output.JsonDocs;
import io.edgefusion.image.store.StoredImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

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



    private record Row(ImageConfig.History h, Descriptor layer) {
    }

    @Override
    void run(ImageStore st) {
        StoredImage im = st.get(image);
        List<Row> rows = new ArrayList<>();
        int layer = 0;
        for (ImageConfig.History h : im.config().history()) {
            Descriptor d = !h.emptyLayer() && layer < im.manifest().layers().size() ? im.manifest().layers().get(layer++) : null;
            rows.add(new Row(h, d));
        }
        var out = out();
        if (json) {
            ObjectNode doc = JsonDocs.document("edgefusion.image.history/v1");
            doc.put("image", im.id().toString());
            ArrayNode arr = doc.putArray("history");
            for (Row r : rows) {
                ObjectNode n = arr.addObject();
                n.put("created", JsonDocs.time(r.h().created()));
                n.put("createdBy", r.h().createdBy());
                n.put("comment", r.h().comment());
                n.put("emptyLayer", r.h().emptyLayer());
                n.put("layer", r.layer() == null ? null : r.layer().digest().toString());
                n.put("size", r.layer() == null ? 0 : r.layer().size());
            }
            out.println(doc.toPrettyString());
        } else {
            Table t = new Table("LAYER", "CREATED", "CREATED BY", "SIZE");
            for (Row r : rows.reversed()) {
                String by = r.h().createdBy() == null ? "" : r.h().createdBy();
                t.row(r.layer() == null ? "-" : r.layer().digest().shortHex(), r.h().created(),
                        by.length() > 70 ? by.substring(0, 69) + "…" : by,
                        r.layer() == null ? "0 B" : ImageJson.size(r.layer().size()));
            }
            t.print(out, "");
        }
    }
}
