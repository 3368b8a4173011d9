package io.edgefusion.image.store;

import io.edgefusion.image.oci.Descriptor;
import io.edgefusion.image.oci.Digest;
import io.edgefusion.image.oci.ImageRef;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reference counting and garbage collection. A layer's reference count is the number of tagged images whose
 * stack contains its chain id, plus holds ({@code image/holds/NAME}: chain ids a sandbox or build keeps while it
 * uses them). Counts are derived from the tags each time rather than stored, so they cannot drift after a
 * crash. Collection runs under the exclusive store lock, so nothing an import is still writing is touched.
 *
 * <p>A hold file is one chain id a line, optionally after header lines {@code image DIGEST} and
 * {@code expires INSTANT} (a header has a space, a chain id never does). Collection honours every hold, expired
 * or not: it has no clock and no idea who uses what. Dropping expired holds is the caller's decision (the
 * runtime's leases do it before a prune, knowing which sandboxes still exist).
 */
public final class Gc {
    private final ImageStore store;

    Gc(ImageStore store) {
        this.store = store;
    }

    /**
     * One hold as recorded.
     *
     * @param image     the image it was taken for; empty in files written before holds named it
     * @param expiresAt when the holder stops needing it unless renewed; empty for "until released"
     */
    public record Hold(String holder, Optional<Digest> image, Optional<Instant> expiresAt, List<Digest> chainIds) {
        public Hold {
            chainIds = List.copyOf(chainIds);
        }

        /** Whether the holder's time is up at {@code now}. */
        public boolean expired(Instant now) {
            return expiresAt.isPresent() && !expiresAt.get().isAfter(now);
        }
    }

    /** What a collection removed. */
    public record Removed(List<ImageRef> untagged, int blobs, int layers, long bytes, int tmpEntries) {
    }

    /** Chain id → number of tagged images using it. */
    public Map<Digest, Integer> layerRefCounts() {
        Map<Digest, Integer> counts = new HashMap<>();
        for (StoredImage im : store.list()) {
            for (Digest c : new HashSet<>(im.chainIds())) {
                counts.merge(c, 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Untags {@code refs}, then removes whatever no tag or hold still references. */
    public Removed remove(List<ImageRef> refs) {
        try (FileLock ignored = FileLock.exclusive(store.storeLock())) {
            Map<ImageRef, Descriptor> tags = store.tags().read();
            for (ImageRef r : refs) {
                if (!tags.containsKey(r)) {
                    throw new io.edgefusion.image.ImageException("no such image: " + r);
                }
            }
            store.tags().update(t -> refs.forEach(t::remove));
            Removed r = collect();
            return new Removed(refs, r.blobs(), r.layers(), r.bytes(), r.tmpEntries());
        }
    }

    /** Removes unreferenced blobs and layers and every leftover of interrupted work in tmp/. */
    public Removed prune() {
        try (FileLock ignored = FileLock.exclusive(store.storeLock())) {
            return collect();
        }
    }

    private Removed collect() {
        StoreLayout layout = store.layout();
        Set<Digest> liveBlobs = new HashSet<>();
        Set<Digest> liveLayers = new HashSet<>(heldChains());
        for (StoredImage im : store.list()) {
            liveBlobs.add(im.manifestDescriptor().digest());
            liveBlobs.add(im.manifest().config().digest());
            im.manifest().layers().forEach(l -> liveBlobs.add(l.digest()));
            liveLayers.addAll(im.chainIds());
        }
        for (Digest held : Set.copyOf(liveLayers)) {
            store.layers().get(held).ifPresent(r -> liveBlobs.add(r.blob().digest()));
        }
        int blobs = 0;
        int layers = 0;
        long bytes = 0;
        for (Digest b : store.blobs().list()) {
            if (!liveBlobs.contains(b)) {
                bytes += store.blobs().size(b);
                store.blobs().delete(b);
                blobs++;
            }
        }
        for (Digest l : store.layers().list()) {
            if (!liveLayers.contains(l)) {
                bytes += store.layers().get(l).map(LayerRecord::fileBytes).orElse(0L);
                store.layers().delete(l);
                layers++;
            }
        }
        int tmp = 0;
        try (Stream<Path> s = Files.list(layout.tmp())) {
            for (Path p : s.toList()) {
                Trees.removeAll(p);
                tmp++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Removed(List.of(), blobs, layers, bytes, tmp);
    }

    private Set<Digest> heldChains() {
        Set<Digest> out = new HashSet<>();
        for (String holder : holders()) {
            read(holder).ifPresent(h -> out.addAll(h.chainIds()));
        }
        return out;
    }

    /** Keeps {@code image}'s layers from collection under {@code holder} (e.g. a sandbox id) until released. */
    public void hold(String holder, StoredImage image) {
        hold(holder, image, Optional.empty());
    }

    /**
     * Keeps {@code image}'s layers under {@code holder} until released, recording when the holder stops needing
     * them (for a caller that may die before it can release). Taking a hold again replaces it.
     */
    public void hold(String holder, StoredImage image, Optional<Instant> expiresAt) {
        checkHolder(holder);
        StringBuilder sb = new StringBuilder();
        sb.append("image ").append(image.id()).append('\n');
        expiresAt.ifPresent(t -> sb.append("expires ").append(t).append('\n'));
        image.chainIds().forEach(c -> sb.append(c).append('\n'));
        try (FileLock ignored = store.writing()) {
            AtomicFiles.write(store.layout().holds().resolve(holder), sb.toString().getBytes(StandardCharsets.UTF_8),
                    store.layout().tmp());
        }
    }

    /** Every current hold, by holder name. */
    public List<Hold> holds() {
        List<Hold> out = new ArrayList<>();
        for (String holder : holders()) {
            read(holder).ifPresent(out::add);
        }
        return out;
    }

    /** The hold of {@code holder}; empty when there is none (or it was released meanwhile). */
    public Optional<Hold> readHold(String holder) {
        checkHolder(holder);
        return read(holder);
    }

    private Optional<Hold> read(String holder) {
        Path file = store.layout().holds().resolve(holder);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException gone) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Optional<Digest> image = Optional.empty();
        Optional<Instant> expires = Optional.empty();
        List<Digest> chains = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            try {
                if (line.startsWith("image ")) {
                    image = Optional.of(Digest.parse(line.substring(6).strip()));
                } else if (line.startsWith("expires ")) {
                    expires = Optional.of(Instant.parse(line.substring(8).strip()));
                } else if (!line.isEmpty()) {
                    chains.add(Digest.parse(line));
                }
            } catch (RuntimeException e) {
                throw new io.edgefusion.image.ImageException(file + ":" + (i + 1) + ": not a hold line ("
                        + e.getMessage() + ")");
            }
        }
        return Optional.of(new Hold(holder, image, expires, chains));
    }

    /** Names of every current holder. */
    public java.util.List<String> holders() {
        if (!Files.isDirectory(store.layout().holds())) {
            return java.util.List.of();
        }
        try (Stream<Path> s = Files.list(store.layout().holds())) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void release(String holder) {
        checkHolder(holder);
        try {
            Files.deleteIfExists(store.layout().holds().resolve(holder));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkHolder(String holder) {
        if (!holder.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")) {
            throw new io.edgefusion.image.ImageException("invalid holder name '" + holder + "'");
        }
    }
}
