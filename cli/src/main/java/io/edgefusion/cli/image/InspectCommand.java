package io.edgefusion.cli.image;

import io.edgefusion.image.store.ImageStore;
import io.edgefusion.runtime.json.ImageJson;
import picocli.CommandLine.Option;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code edgefusion image inspect NAME…}. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Print images as JSON: ID, manifest digest, config (entrypoint, cmd, env, working dir, user,"
                + " labels), each layer (blob digest, diff id, chain id, unpacked directory, how many images share"
                + " it) and the overlay lowerdirs, top first."},
        footer = {"", "Examples:", "  edgefusion image inspect demo/app:1.1",
                "  edgefusion image inspect demo/app:1.1 | jq -r '.images[0].lowerDirs[]'",
                "", "Schema edgefusion.image.inspect/v1 (docs/json/image.inspect.md)."})
public final class InspectCommand extends StoreCommand {
    @Parameters(arity = "1..*", paramLabel = "NAME", description = "Image name[:tag] or ID.")
    List<String> images;

    @Option(names = "--json", description = "Accepted for uniformity: image inspect always prints JSON.")
    boolean json;



    @Override
    void run(ImageStore st) {
        out().println(ImageJson.inspect(st, images.stream().map(st::get).toList()).toPrettyString());
    }
}
