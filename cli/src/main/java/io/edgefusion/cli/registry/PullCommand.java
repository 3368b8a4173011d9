package io.edgefusion.cli.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.cli.Caller;
import io.edgefusion.image.oci.OciJson;
import io.edgefusion.image.registry.PlatformSpec;
import io.edgefusion.image.registry.Puller;
import io.edgefusion.image.registry.RemoteRef;
import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.transfer.ImportListener;
import io.edgefusion.image.unpack.UnpackOptions;
import io.edgefusion.kernel.sys.Terminals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** {@code edgefusion pull REF}. */
@Command(name = "pull", mixinStandardHelpOptions = true,
        description = {"Pull an image from a registry (OCI distribution spec) into the store, as image import"
                + " stores one: layers already in the store are not downloaded, the others download in parallel"
                + " (resuming a broken transfer from its verified part), each blob checked against its digest"
                + " while streaming. From an index, linux on this machine's architecture is picked unless"
                + " --platform says otherwise. Mirrors in DIR/registry/registries.yaml are tried first.",
                "",
                "Progress: one line per layer, redrawn, when stderr is a terminal; one line per layer as it"
                        + " completes otherwise."},
        footer = {"", "Examples:",
                "  edgefusion pull 127.0.0.1:5000/demo/app:1.0 --ca-file ca.pem",
                "  edgefusion pull --platform linux/arm64 127.0.0.1:5000/demo/multi:1",
                "  edgefusion pull --json 127.0.0.1:5000/demo/app:1.0 | jq .layers",
                "", "--json schema: edgefusion.pull/v1 (docs/json/pull.md). Registries, logins, TLS:"
                + " docs/registry.md."})
public final class PullCommand extends RegistryCommand {
    @Parameters(index = "0", paramLabel = "REF", description = "[HOST[:PORT]/]REPO[:TAG|@sha256:…]")
    String ref;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", description = "Which image of an index.")
    String platform;

    @Option(names = "--ca-file", paramLabel = "FILE", description = "PEM CA file to trust for this registry's TLS.")
    Path caFile;

    @Option(names = "--insecure", description = "Plain HTTP or unverified TLS (loopback or listed registries only).")
    boolean insecure;

    @Option(names = "--json", description = "Print one JSON document (schema edgefusion.pull/v1).")
    boolean json;

    @Override
    void run() {
        RemoteRef r = RemoteRef.parse(ref);
        PlatformSpec p = platform == null ? PlatformSpec.host() : PlatformSpec.parse(platform);
        ImageStore store = ImageStore.open(stateRoot());
        var fds = Caller.current().fds();
        boolean tty = !json && Terminals.isTerminal(fds.pid(), fds.err());
        PullProgress progress = new PullProgress(err(), tty, json);
        Puller.Result res = new Puller(store, registries(caFile, insecure), UnpackOptions.defaults(), progress,
                ImportListener.NONE).pull(r, p);
        progress.finish();
        if (json) {
            ObjectNode n = OciJson.MAPPER.createObjectNode();
            n.put("schema", "edgefusion.pull/v1");
            n.put("image", res.image().ref().toString());
            n.put("id", res.image().id().toString());
            n.put("manifestDigest", res.manifestDigest().toString());
            n.put("indexDigest", res.indexDigest() == null ? null : res.indexDigest().toString());
            n.put("registry", res.endpoint());
            ObjectNode l = n.putObject("layers");
            l.put("total", res.fetched() + res.reused());
            l.put("fetched", res.fetched());
            l.put("reused", res.reused());
            n.put("bytesReceived", res.bytesReceived());
            n.put("millis", res.millis());
            out().println(n.toPrettyString());
        } else {
            out().printf("pulled %s %s (digest %s; %d layers: %d fetched, %d already in the store) in %d ms%n",
                    res.image().ref(), res.image().id().shortHex(), res.manifestDigest(), res.fetched() + res.reused(),
                    res.fetched(), res.reused(), res.millis());
        }
    }

}
