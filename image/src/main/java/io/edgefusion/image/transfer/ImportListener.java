package io.edgefusion.image.transfer;

import io.edgefusion.image.oci.Descriptor;

/** Progress of an import, one call per layer (for the CLI's progress lines). */
public interface ImportListener {
    void layerStarted(int index, int count, Descriptor blob);

    /** {@code unpacked} false: the layer was already in the store and is shared. */
    void layerDone(int index, int count, Descriptor blob, boolean unpacked, long nanos);

    /**
     * {@code read} bytes of layer {@code index}'s blob (as stored, compressed or not) have been read, every few
     * MiB; never more than {@code blob.size()}, so a percentage of it never passes 100. Layers unpack in
     * parallel, so calls for several layers interleave.
     */
    default void read(int index, int count, Descriptor blob, long read) {
    }

    /** Something worth one line about how the source was read (a tar imported as a root file system). */
    default void note(String message) {
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
