package io.edgefusion.image.oci;

import io.edgefusion.image.ImageException;

/** OCI and Docker schema-2 media types, and what each means to the importer. */
public final class MediaTypes {
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
    public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar";

    /** How a layer blob is compressed. */
    public enum Compression { NONE, GZIP }

    private MediaTypes() {
    }

    public static boolean isIndex(String mt) {
        return OCI_INDEX.equals(mt) || DOCKER_LIST.equals(mt);
    }

    public static boolean isManifest(String mt) {
        return OCI_MANIFEST.equals(mt) || DOCKER_MANIFEST.equals(mt);
    }

    /** The compression of a layer media type; refuses types this runtime cannot unpack, naming them. */
    public static Compression layerCompression(String mt) {
        if (mt == null) {
            throw new ImageException("layer without a mediaType");
        }
        String base = mt.replace(".nondistributable", "");
        return switch (base) {
            case OCI_LAYER, DOCKER_LAYER -> Compression.NONE;
            case OCI_LAYER_GZIP, DOCKER_LAYER_GZIP -> Compression.GZIP;
            default -> throw new ImageException("layer media type " + mt + " is not supported"
                    + (mt.endsWith("zstd") ? " (zstd layers: recompress with gzip, e.g. skopeo copy --dest-compress-format gzip)" : ""));
        };
    }
}
