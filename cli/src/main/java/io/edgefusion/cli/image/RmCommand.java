package io.edgefusion.cli.image;

import io.edgefusion.cli.ExitCodes;
import io.edgefusion.image.oci.ImageRef;
import io.edgefusion.image.store.Gc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code edgefusion image rm NAME…}. */
@Command(name = "rm", aliases = "remove", mixinStandardHelpOptions = true,
        description = {"Remove image tags, then every blob and unpacked layer no remaining image (or sandbox hold)"
                + " references. Layers shared with other images stay."},
        footer = {"", "Examples:", "  edgefusion image rm demo/app:1.0", "  edgefusion image rm $(edgefusion image ls --json | jq -r '.[].id')"})
public final class RmCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "NAME", description = "Image name[:tag] or ID.")
    List<String> images;

    @Mixin
    StoreOption store;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var st = store.open("rm");
        List<ImageRef> refs = images.stream().map(n -> st.get(n).ref()).distinct().toList();
        Gc.Removed r = st.gc().remove(refs);
        var out = spec.commandLine().getOut();
        refs.forEach(ref -> out.println("untagged " + ref));
        out.printf("deleted %d layers, %d blobs (%s)%n", r.layers(), r.blobs(), ImageJson.size(r.bytes()));
        out.flush();
        return ExitCodes.OK;
    }
}
