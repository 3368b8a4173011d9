package io.edgefusion.image.registry;

import io.edgefusion.image.ImageException;
import io.edgefusion.image.oci.Descriptor;
import io.edgefusion.image.oci.Digest;
import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.store.StoredImage;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * {@code push}: the image's blobs, then its manifest exactly as stored (so its digest is the local one). A blob
 * the repository has (HEAD) is skipped; one that another repository of the same registry has — known from the
 * store's images named after that registry — is mounted from there; others are uploaded, whole when at most
 * {@code chunkSize}, else in chunks (POST, PATCH…, PUT ?digest=).
 */
public final class Pusher {
    private final ImageStore store;
    private final Registries registries;
    private final long chunkSize;
    private final PushListener listener;

    /** What a push did: the manifest digest and how many blobs got in each way. */
    public record Result(Digest manifestDigest, Map<PushListener.Outcome, Integer> blobs, long millis) {
    }

    public Pusher(ImageStore store, Registries registries, long chunkSize, PushListener listener) {
        if (chunkSize < 1) {
            throw new ImageException("chunk size " + chunkSize + ": must be at least 1 byte");
        }
        this.store = store;
        this.registries = registries;
        this.chunkSize = chunkSize;
        this.listener = listener;
    }

    public Result push(StoredImage image, RemoteRef target) {
        if (target.tag() == null) {
            throw new ImageException(target + ": push needs a tag");
        }
        long t0 = System.nanoTime();
        try (RegistryClient client = registries.connect(target.registry())) { // its selector thread ends here
            return push(image, target, client, t0);
        }
    }

    private Result push(StoredImage image, RemoteRef target, RegistryClient client, long t0) {
        List<Descriptor> blobs = new ArrayList<>(image.manifest().layers());
        blobs.add(image.manifest().config());
        Map<PushListener.Outcome, Integer> counts = new EnumMap<>(PushListener.Outcome.class);
        List<CompletableFuture<PushListener.Outcome>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Semaphore slots = new Semaphore(Puller.PARALLEL);
            for (Descriptor d : blobs.stream().distinct().toList()) {
                futures.add(CompletableFuture.supplyAsync(() -> {
                    slots.acquireUninterruptibly();
                    try {
                        PushListener.Outcome o = one(client, target, d);
                        listener.blob(d, o);
                        return o;
                    } finally {
                        slots.release();
                    }
                }, pool));
            }
            for (var f : futures) {
                try {
                    counts.merge(f.join(), 1, Integer::sum);
                } catch (CompletionException e) {
                    throw e.getCause() instanceof RuntimeException re ? re : e;
                }
            }
        }
        byte[] manifest = store.blobs().read(image.manifestDescriptor().digest(), io.edgefusion.image.oci.OciJson.MAX_DOCUMENT);
        Digest got = client.putManifest(target.repository(), target.tag(), image.manifest().mediaType(), manifest);
        if (!got.equals(image.manifestDescriptor().digest())) {
            throw new RegistryException(client.registry(), "manifest " + target + ": the registry stored "
                    + got + ", not the pushed " + image.manifestDescriptor().digest());
        }
        return new Result(got, counts, (System.nanoTime() - t0) / 1_000_000);
    }

    private PushListener.Outcome one(RegistryClient client, RemoteRef target, Descriptor d) {
        String repo = target.repository();
        if (client.hasBlob(repo, d.digest())) {
            return PushListener.Outcome.ALREADY_EXISTS;
        }
        List<String> sources = mountSources(target, d.digest());
        URI session = null;
        if (!sources.isEmpty()) {
            session = client.mount(repo, d.digest(), sources.getFirst());
            if (session == null) {
                return PushListener.Outcome.MOUNTED;
            }
            // the registry opened an upload session instead: send the bytes through it
        } else {
            session = client.startUpload(repo);
        }
        Path file = store.layout().blob(d.digest());
        if (d.size() <= chunkSize) {
            client.finishUpload(repo, session, d.digest(), file);
            return PushListener.Outcome.UPLOADED;
        }
        for (long off = 0; off < d.size(); off += chunkSize) {
            session = client.patch(repo, session, file, off, Math.min(chunkSize, d.size() - off));
        }
        client.finishUpload(repo, session, d.digest(), null);
        return PushListener.Outcome.UPLOADED_IN_CHUNKS;
    }

    /** Other repositories of the target's registry that, by the store's images named after them, hold {@code d}. */
    private List<String> mountSources(RemoteRef target, Digest d) {
        List<String> out = new ArrayList<>();
        for (StoredImage im : store.list()) {
            RemoteRef r;
            try {
                r = RemoteRef.parse(im.ref().toString());
            } catch (ImageException e) {
                continue;
            }
            boolean has = im.manifest().config().digest().equals(d)
                    || im.manifest().layers().stream().anyMatch(l -> l.digest().equals(d));
            if (has && r.registry().equals(target.registry()) && !r.repository().equals(target.repository())
                    && !out.contains(r.repository())) {
                out.add(r.repository());
            }
        }
        return out;
    }
}
