package io.edgefusion.image.registry;

import io.edgefusion.image.oci.Descriptor;
import io.edgefusion.image.oci.Digest;

import java.util.List;

/**
 * What a pull reports as it goes, for the CLI's progress display. Layer calls come from several threads at once
 * (layers download in parallel); {@code bytes} comes every few hundred KiB per layer.
 */
public interface PullListener {
    /** Where each layer stands. */
    enum LayerState { ALREADY_EXISTS, WAITING, DOWNLOADING, RESUMING, VERIFIED, FAILED }

    /** The manifest was found at {@code endpoint} (a mirror or the registry itself). */
    default void resolved(String endpoint, Digest manifest, List<Descriptor> layers) {
    }

    default void layer(int index, Descriptor blob, LayerState state, long bytes) {
    }

    /** A mirror that failed and was skipped, a transfer retried. */
    default void note(String message) {
    }

    PullListener NONE = new PullListener() {
    };
}
