package io.edgefusion.image.oci;

import java.util.ArrayList;
import java.util.List;

/**
 * Chain ids (OCI image spec, config.md): a layer's identity together with every layer below it. The same
 * diff_id on a different parent yields a different chain id, so an unpacked layer directory keyed by chain id
 * is shared exactly where the stacks agree. {@code chain[0] = diff[0]};
 * {@code chain[n] = sha256(chain[n-1] + " " + diff[n])}.
 */
public final class ChainId {
    private ChainId() {
    }

    public static Digest next(Digest parentChain, Digest diffId) {
        return parentChain == null ? diffId : Digest.of(parentChain + " " + diffId);
    }

    public static List<Digest> of(List<Digest> diffIds) {
        List<Digest> out = new ArrayList<>(diffIds.size());
        Digest parent = null;
        for (Digest d : diffIds) {
            parent = next(parent, d);
            out.add(parent);
        }
        return out;
    }
}
