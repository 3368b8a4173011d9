package io.edgefusion.cli.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.cli.output.Units;
import io.edgefusion.image.oci.OciJson;
import io.edgefusion.image.registry.PushListener;
import io.edgefusion.image.registry.Pusher;
import io.edgefusion.image.registry.RemoteRef;
import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.store.StoredImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** {@code edgefusion push REF}. */
@Command(name = "push", mixinStandardHelpOptions = true,
        description = {"Push an image of the store to the registry its name says (tag it first with image tag)."
                + " Blobs the repository has are skipped, blobs another repository of that registry has are"
                + " mounted from it, others uploaded (in chunks above --chunk-size); the manifest is sent as"
                + " stored, so the registry's digest is the local one."},
        footer = {"", "Examples:",
                "  edgefusion image tag demo/app:1.0 127.0.0.1:5000/demo/app:1.0",
                "  edgefusion push 127.0.0.1:5000/demo/app:1.0 --ca-file ca.pem",
                "  edgefusion push --json --insecure 127.0.0.1:5000/demo/app:1.0 | jq .blobs",
                "", "--json schema: edgefusion.push/v1 (docs/json/push.md)."})
public final class PushCommand extends RegistryCommand {
    /** The document's field per outcome: every outcome is always present, 0 when it did not occur. */
    private static final java.util.Map<PushListener.Outcome, String> OUTCOME_FIELDS = java.util.Map.of(
            PushListener.Outcome.ALREADY_EXISTS, "alreadyExists", PushListener.Outcome.MOUNTED, "mounted",
            PushListener.Outcome.UPLOADED, "uploaded", PushListener.Outcome.UPLOADED_IN_CHUNKS, "uploadedInChunks");

    @Parameters(index = "0", paramLabel = "REF", description = "HOST[:PORT]/REPO:TAG of an image in the store.")
    String ref;

    @Option(names = "--ca-file", paramLabel = "FILE", description = "PEM CA file to trust for this registry's TLS.")
    Path caFile;

    @Option(names = "--insecure", description = "Plain HTTP or unverified TLS (loopback or listed registries only).")
    boolean insecure;

    @Option(names = "--chunk-size", paramLabel = "BYTES", defaultValue = "16777216",
            description = "Blobs larger than this upload in chunks of this size (default ${DEFAULT-VALUE}).")
    long chunkSize;

    @Option(names = "--json", description = "Print one JSON document (schema edgefusion.push/v1); progress lines"
            + " are not printed.")
    boolean json;

    @Override
    void run() {
        RemoteRef target = RemoteRef.parse(ref);
        ImageStore store = ImageStore.open(stateRoot());
        StoredImage im = store.get(target.local().toString());
        var err = err();
        Pusher.Result r = new Pusher(store, registries(caFile, insecure), chunkSize, new PushListener() {
            @Override
            public void blob(io.edgefusion.image.oci.Descriptor blob, Outcome outcome) {
                if (json) {
                    return;
                }
                synchronized (err) {
                    err.println(blob.digest().shortHex() + ": " + switch (outcome) {
                        case ALREADY_EXISTS -> "Layer already exists";
                        case MOUNTED -> "Mounted from another repository";
                        case UPLOADED -> "Pushed " + Units.size(blob.size());
                        case UPLOADED_IN_CHUNKS -> "Pushed " + Units.size(blob.size()) + " in chunks";
                    });
                    err.flush();
                }
            }
        }).push(im, target);
        if (json) {
            ObjectNode n = OciJson.MAPPER.createObjectNode();
            n.put("schema", "edgefusion.push/v1");
            n.put("image", target.toString());
            n.put("manifestDigest", r.manifestDigest().toString());
            ObjectNode b = n.putObject("blobs");
            for (PushListener.Outcome o : PushListener.Outcome.values()) {
                b.put(OUTCOME_FIELDS.get(o), r.blobs().getOrDefault(o, 0));
            }
            n.put("millis", r.millis());
            out().println(n.toPrettyString());
            return;
        }
        String blobs = r.blobs().entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
                .collect(java.util.stream.Collectors.joining(", "));
        out().printf("pushed %s: digest %s (blobs: %s) in %d ms%n", target, r.manifestDigest(), blobs, r.millis());
    }
}
