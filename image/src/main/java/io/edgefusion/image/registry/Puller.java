package io.edgefusion.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefusion.image.ImageException;
import io.edgefusion.image.oci.Descriptor;
import io.edgefusion.image.oci.Digest;
import io.edgefusion.image.oci.Manifest;
import io.edgefusion.image.oci.MediaTypes;
import io.edgefusion.image.oci.OciJson;
import io.edgefusion.image.store.FileLock;
import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.store.StoredImage;
import io.edgefusion.image.transfer.ImportListener;
import io.edgefusion.image.transfer.Importer;
import io.edgefusion.image.transfer.SourceImage;
import io.edgefusion.image.unpack.UnpackOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * {@code pull}: finds the manifest (trying the registry's mirrors first, in order), narrows an index to one
 * platform and hands the image to the {@link Importer}'s store path, whose parallel unpack of each layer the
 * store lacks reads that layer straight from the registry ({@link StreamingBlob}: download, verification and
 * unpack overlap, one hash per byte) — so a pulled image and an imported one are the same thing in the store,
 * and layers already there are not downloaded.
 */
public final class Puller {
    /** Downloads in flight at once (docker's default is 3; a loopback or site mirror takes a few more). */
    static final int PARALLEL = 4;

    private final ImageStore store;
    private final Registries registries;
    private final UnpackOptions options;
    private final PullListener listener;
    private final ImportListener unpack;

    /** What a pull did: the digests, where from, and the layers fetched vs already in the store. */
    public record Result(StoredImage image, Digest manifestDigest, Digest indexDigest, String endpoint, int fetched,
                         int reused, long bytesReceived, long millis) {
    }

    public Puller(ImageStore store, Registries registries, UnpackOptions options, PullListener listener,
                  ImportListener unpack) {
        this.store = store;
        this.registries = registries;
        this.options = options;
        this.listener = listener;
        this.unpack = unpack;
    }

    public Result pull(RemoteRef ref, PlatformSpec platform) {
        long t0 = System.nanoTime();
        try (FileLock ignored = store.writing()) { // prune must not remove partial downloads under us
            RegistryClient client = null;
            RegistryClient.Document doc = null;
            List<String> endpoints = registries.endpoints(ref.registry());
            for (String endpoint : endpoints) {
                try {
                    RegistryClient c = registries.connect(endpoint);
                    try {
                        doc = c.manifest(ref.repository(), ref.reference());
                    } catch (RuntimeException e) {
                        c.close();
                        throw e;
                    }
                    client = c;
                    break;
                } catch (RegistryException e) {
                    if (endpoint.equals(ref.registry())) {
                        throw e;
                    }
                    listener.note("mirror " + endpoint + " skipped: " + e.getMessage());
                }
            }
            try (RegistryClient open = client) { // its selector thread ends with the pull
                Digest indexDigest = null;
                if (MediaTypes.isIndex(doc.mediaType())) {
                    indexDigest = doc.digest();
                    Descriptor picked = pick(doc, platform, ref);
                    doc = client.manifest(ref.repository(), picked.digest().toString());
                }
                if (!MediaTypes.isManifest(doc.mediaType()) && doc.mediaType() != null) {
                    throw new ImageException(ref + ": " + doc.mediaType() + " is not an image manifest");
                }
                Manifest m = Manifest.parse(doc.bytes(), "manifest of " + ref);
                listener.resolved(client.registry(), doc.digest(), m.layers());
                BlobDownload download = new BlobDownload(client, ref.repository(), store.layout(), store.blobs());
                download.fetch(m.config(), (s, b) -> { });
                byte[] config = store.blobs().read(m.config().digest(), OciJson.MAX_DOCUMENT);
                List<Descriptor> layers = m.layers();
                AtomicLong received = new AtomicLong();
                int reused = 0;
                for (int i = 0; i < layers.size(); i++) {
                    Descriptor d = layers.get(i);
                    boolean have = store.blobs().has(d.digest());
                    reused += have ? 1 : 0;
                    listener.layer(i, d, have ? PullListener.LayerState.ALREADY_EXISTS : PullListener.LayerState.WAITING,
                            have ? d.size() : 0);
                }
                // Each missing layer streams from the registry straight into its unpack (which the importer runs
                // in parallel, one per core): one pass over the bytes hashes, keeps and unpacks them.
                Semaphore slots = new Semaphore(PARALLEL);
                SourceImage.Blobs blobs = new SourceImage.Blobs() {
                    @Override
                    public java.io.InputStream open(Descriptor d) throws java.io.IOException {
                        int index = layers.indexOf(d);
                        slots.acquireUninterruptibly(); // at most PARALLEL connections, however many cores unpack
                        try {
                            return new java.io.FilterInputStream(download.open(d,
                                    (s, b) -> listener.layer(index, d, s, b), received)) {
                                private boolean closed;

                                @Override
                                public void close() throws java.io.IOException {
                                    try {
                                        super.close();
                                    } finally {
                                        if (!closed) {
                                            closed = true;
                                            slots.release();
                                        }
                                    }
                                }
                            };
                        } catch (java.io.IOException | RuntimeException e) {
                            slots.release();
                            throw e;
                        }
                    }

                    @Override
                    public boolean verifiesAndStores() {
                        return true;
                    }
                };
                SourceImage image = new SourceImage(null, null, doc.bytes(), m, config, blobs);
                Importer.Result r = new Importer(store, options, unpack).run(image, ref.local());
                return new Result(r.image(), doc.digest(), indexDigest, client.registry(), layers.size() - reused, reused,
                        received.get(), (System.nanoTime() - t0) / 1_000_000);
            }
        }
    }

    /** The index entry for {@code platform}; the error lists what the index offers. */
    private static Descriptor pick(RegistryClient.Document index, PlatformSpec platform, RemoteRef ref) {
        JsonNode ms = OciJson.parseObject(index.bytes(), "index of " + ref).get("manifests");
        if (ms == null || !ms.isArray()) {
            throw new ImageException(ref + ": index without a manifests array");
        }
        List<String> offered = new ArrayList<>();
        for (JsonNode m : ms) {
            JsonNode p = m.get("platform");
            if (platform.matches(p)) {
                return Descriptor.from(m, "index of " + ref);
            }
            if (p != null) {
                offered.add(p.path("os").asText() + "/" + p.path("architecture").asText()
                        + (p.hasNonNull("variant") ? "/" + p.get("variant").asText() : ""));
            }
        }
        throw new ImageException(ref + ": no image for " + platform + " (the index has: "
                + (offered.isEmpty() ? "no platforms" : offered.stream().collect(Collectors.joining(", "))) + ")");
    }
}
