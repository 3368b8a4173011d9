package io.edgefusion.image.store;

import io.edgefusion.image.oci.Descriptor;
import io.edgefusion.image.oci.Digest;
import io.edgefusion.image.oci.ImageRef;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reference counting and garbage collection. A layer's reference count is the number of tagged images whose
 * stack contains its chain id, plus holds ({@code image/holds/NAME}: chain ids a sandbox or build keeps while it
 * uses them). Counts are derived from the tags each time rather than stored, so they cannot drift after a
 * crash. Collection runs under the exclusive store lock, so nothing an import is still writing is touched.
 */
public final class Gc {
    private final ImageStore store;

    Gc(ImageStore store) {
        this.store = store;
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
        Set<Digest> liveLayers = new HashSet<>(holds());
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

    private Set<Digest> holds() {
        Set<Digest> out = new HashSet<>();
        try (Stream<Path> s = Files.list(store.layout().holds())) {
            for (Path p : s.toList()) {
                for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        out.add(Digest.parse(line.strip()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Keeps {@code image}'s layers from collection under {@code holder} (e.g. a sandbox id) until released. */
    public void hold(String holder, StoredImage image) {
        checkHolder(holder);
        try (FileLock ignored = store.writing()) {
            StringBuilder sb = new StringBuilder();
        image.chainIds().forEach(c -> sb.append(c).append('\n'));
            AtomicFiles.write(store.layout().holds().resolve(holder), sb.toString().getBytes(StandardCharsets.UTF_8),
                    store.layout().tmp());
        }
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
