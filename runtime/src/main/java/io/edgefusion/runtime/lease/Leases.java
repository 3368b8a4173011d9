package io.edgefusion.runtime.lease;

import io.edgefusion.image.oci.Digest;
import io.edgefusion.image.store.Gc;
import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.store.StoredImage;
import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.state.SandboxState;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Keeps an image's layers from {@code image prune} while something uses them, on top of the store's holds
 * ({@code image/holds/<owner>}). A launch takes a short {@link #pending} lease before its sandbox exists, so a
 * killed CLI's lease lapses by itself; the sandbox's own lease has no expiry and goes when the sandbox is removed.
 * {@link #sync} drops leases of removed sandboxes and expired ones — but never one whose layers an existing
 * sandbox still has as its root (an attached run outlives its pending lease before it gets its own).
 */
public final class Leases {
    /** How long a pending lease lasts: far beyond any sandbox start, short enough for a killed CLI's to lapse. */
    public static final Duration PENDING = Duration.ofMinutes(10);

    private final ImageStore store;
    private final InstantSource clock;

    public Leases(ImageStore store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Leases {@code image} to {@code owner} until {@code expiresAt} (empty: until released); replaces its old one. */
    public Lease take(LeaseOwner owner, StoredImage image, Optional<Instant> expiresAt) {
        store.gc().hold(owner.holder(), image, expiresAt);
        return new Lease(owner, Optional.of(image.id()), expiresAt, image.chainIds());
    }

    /** A lease for a launch whose sandbox does not exist yet, lapsing after {@link #PENDING}. */
    public Lease pending(StoredImage image) {
        return take(LeaseOwner.Pending.next(), image, Optional.of(clock.instant().plus(PENDING)));
    }

    /** The lease of sandbox {@code id}: until it is removed. */
    public Lease sandbox(String id, StoredImage image) {
        return take(new LeaseOwner.Sandbox(id), image, Optional.empty());
    }

    public void release(LeaseOwner owner) {
        store.gc().release(owner.holder());
    }

    public List<Lease> list() {
        return store.gc().holds().stream().map(Leases::lease).toList();
    }

    public Optional<Lease> find(LeaseOwner owner) {
        return store.gc().readHold(owner.holder()).map(Leases::lease);
    }

    /**
     * Drops the leases of sandboxes that no longer exist and the expired ones whose layers no existing sandbox
     * uses; returns what it dropped. The leases are read before the sandboxes: a sandbox's lease is taken after
     * the sandbox exists, so a launch racing with this sync can never see its new lease dropped.
     *
     * @param existing the sandboxes of the root, asked for once the leases are read
     */
    public List<Lease> sync(Supplier<List<SandboxState>> existing) {
        List<Lease> all = list();
        Instant now = clock.instant();
        Set<String> ids = new HashSet<>();
        Set<String> inUse = new HashSet<>();
        for (SandboxState s : existing.get()) {
            ids.add(s.id());
            if (s.spec() != null) {
                s.spec().layers().forEach(p -> chainHex(p).ifPresent(inUse::add));
            }
        }
        List<Lease> dropped = new ArrayList<>();
        for (Lease l : all) {
            boolean gone = l.owner() instanceof LeaseOwner.Sandbox sb && !ids.contains(sb.id());
            boolean lapsed = l.expired(now) && !usedBy(l, inUse);
            if (gone || lapsed) {
                release(l.owner());
                dropped.add(l);
            }
        }
        return dropped;
    }

    /**
     * {@link #sync} for state root {@code stateRoot}, if it has an image store: what {@code rm}, {@code gc} and
     * {@code image prune} run before anything that could collect layers.
     */
    public static List<Lease> sync(Path stateRoot, InstantSource clock) {
        if (!Files.isDirectory(stateRoot.resolve("image"))) {
            return List.of();
        }
        Sandboxes sandboxes = new Sandboxes(stateRoot);
        return new Leases(ImageStore.open(stateRoot), clock).sync(sandboxes::list);
    }

    private static boolean usedBy(Lease l, Set<String> inUseChains) {
        return l.chainIds().stream().map(Digest::hex).anyMatch(inUseChains::contains);
    }

    /**
     * The chain id (hex) of a sandbox's lower directory when it is an image layer: sandboxes name layers by the
     * store's short links ({@code image/l/SHORT -> ../layers/HEX/fs}), older ones by the directory itself. By
     * names, not whole paths: the same root may be spelt two ways.
     */
    private static Optional<String> chainHex(Path lower) {
        Path dir = lower;
        if (lower.getParent() != null && lower.getParent().endsWith("l")) {
            try {
                dir = lower.getParent().resolve(Files.readSymbolicLink(lower)).normalize();
            } catch (java.io.IOException | UnsupportedOperationException e) {
                return Optional.empty(); // not a link (any more): names no layer
            }
        }
        Path chain = dir.getParent();
        if (dir.endsWith("fs") && chain != null && chain.getParent() != null && chain.getParent().endsWith("layers")) {
            return Optional.of(chain.getFileName().toString());
        }
        return Optional.empty();
    }

    private static Lease lease(Gc.Hold h) {
        return new Lease(LeaseOwner.of(h.holder()), h.image(), h.expiresAt(), h.chainIds());
    }
}
