package io.edgefusion.image.registry;

import io.edgefusion.image.oci.Descriptor;

/** What a push reports per blob (from several threads at once: blobs upload in parallel). */
public interface PushListener {
    /** How a blob got into the target repository. */
    enum Outcome { ALREADY_EXISTS, MOUNTED, UPLOADED, UPLOADED_IN_CHUNKS }

    default void blob(Descriptor blob, Outcome outcome) {
    }

    PushListener NONE = new PushListener() {
    };
}
