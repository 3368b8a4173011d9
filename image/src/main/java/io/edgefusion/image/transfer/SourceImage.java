package io.edgefusion.image.transfer;

import io.edgefusion.image.oci.Descriptor;
import io.edgefusion.image.oci.Manifest;

import java.io.IOException;
import java.io.InputStream;

/**
 * One image found in a source, ready to import: its manifest (as stored, or made for a docker archive), its
 * config bytes, a name the source suggests (may be null), the tag its ref name gives when that is a tag alone
 * (OCI layouts usually say just {@code 1.36}; may be null) and a way to open each blob. A registry pull builds
 * one too, so a pulled image takes exactly the importer's path into the store.
 */
public record SourceImage(String suggestedName, String sourceTag, byte[] manifestBytes, Manifest manifest, byte[] config,
                   Blobs blobs) {

    @FunctionalInterface
    public interface Blobs {
        InputStream open(Descriptor d) throws IOException;

        /** True when each stream verifies its blob and stores it by its end ({@code LayerStore.StoringSource}). */
        default boolean verifiesAndStores() {
            return false;
        }
    }
}
