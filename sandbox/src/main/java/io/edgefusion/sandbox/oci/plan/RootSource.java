package io.edgefusion.sandbox.oci.plan;

import io.edgefusion.sandbox.launch.OverlayRoot;

import java.nio.file.Path;

/** What becomes the container's {@code /}: a bundle's rootfs directory, or {@code edgefusion run}'s overlay. */
public sealed interface RootSource {

    /** The directory to mount at the root (it is the mount point too). */
    Path dir();

    /** A plain directory (an OCI bundle's {@code root.path}), bound onto itself in the new mount namespace. */
    record BundleDir(Path dir) implements RootSource {
    }

    /**
     * An overlay the helper mounts inside the new mount namespace (no host mount to leak), its rootless lowers
     * attached id-mapped first: nothing a config.json can say.
     */
    record Overlay(OverlayRoot root) implements RootSource {
        @Override
        public Path dir() {
            return root.mountPoint();
        }
    }
}
