package io.edgefusion.runtime.lease;

import io.edgefusion.image.oci.Digest;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An image's layers kept from {@code image prune} for an owner.
 *
 * @param imageId   the image leased; empty for a hold recorded before holds named their image
 * @param expiresAt when it lapses by itself (a pending launch whose process may die); empty for a sandbox's,
 *                  which lasts until the sandbox is removed
 * @param chainIds  the layers it keeps
 */
public record Lease(LeaseOwner owner, Optional<Digest> imageId, Optional<Instant> expiresAt, List<Digest> chainIds) {
    public Lease {
        chainIds = List.copyOf(chainIds);
    }

    public boolean expired(Instant now) {
        return expiresAt.isPresent() && !expiresAt.get().isAfter(now);
    }
}
