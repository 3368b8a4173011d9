package io.edgefusion.image.transfer;

import io.edgefusion.image.oci.Descriptor;

/** Progress of an import, one call per layer (for the CLI's progress lines). */
public interface ImportListener {
    void layerStarted(int index, int count, Descriptor blob);

    /** {@code unpacked} false: the layer was already in the store and is shared. */
    void layerDone(int index, int count, Descriptor blob, boolean unpacked, long nanos);

    /** Uncompressed bytes unpacked so far in the current layer (reported every few MB). */
    default void bytes(long uncompressed) {
    }

    ImportListener NONE = new ImportListener() {
        @Override
        public void layerStarted(int index, int count, Descriptor blob) {
        }

        @Override
        public void layerDone(int index, int count, Descriptor blob, boolean unpacked, long nanos) {
        }
    };
}
