package io.edgefusion.cli.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.edgefusion.cli.ExitCodes;
import io.edgefusion.image.oci.OciJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code edgefusion image inspect NAME…}. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Print images as JSON: ID, manifest digest, config (entrypoint, cmd, env, working dir, user,"
                + " labels), each layer (blob digest, diff id, chain id, unpacked directory, how many images share"
                + " it) and the overlay lowerdirs, top first."},
        footer = {"", "Examples:", "  edgefusion image inspect demo/app:1.1",
                "  edgefusion image inspect demo/app:1.1 | jq -r '.[0].lowerDirs[]'",
                "", "Schema edgefusion.image.inspect/v1 (docs/image.md)."})
public final class InspectCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "NAME", description = "Image name[:tag] or ID.")
    List<String> images;

    @Mixin
    StoreOption store;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var st = store.open("inspect");
        var counts = st.gc().layerRefCounts();
        ArrayNode arr = OciJson.MAPPER.createArrayNode();
        for (String name : images) {
            arr.add(ImageJson.inspect(st, st.get(name), counts));
        }
        spec.commandLine().getOut().println(arr.toPrettyString());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
