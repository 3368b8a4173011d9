package io.edgefusion.image.unpack;

/**
 * Limits and policies of an unpack.
 *
 * @param maxEntryBytes  one file larger than this is refused as an absurd size
 * @param maxLayerBytes  the uncompressed tar larger than this is refused (decompression bombs)
 * @param maxEntries     more entries than this are refused
 * @param devices        what to do with character and block devices
 */
public record UnpackOptions(long maxEntryBytes, long maxLayerBytes, long maxEntries, DevicePolicy devices) {

    /**
     * Device nodes in a layer. Default {@link #SKIP}: an image is content, not hardware access; a sandbox gets a
     * fresh /dev from its runtime (as runc and docker build it), and a device node shipped in a layer would give
     * whoever runs the image that device unless the rootfs is mounted nodev. {@link #CREATE} makes them (root
     * only) for images that need them, e.g. a rootfs meant to be exported. FIFOs are always created.
     */
    public enum DevicePolicy { SKIP, CREATE }

    public static final long GIB = 1L << 30;

    public static UnpackOptions defaults() {
        return new UnpackOptions(
                Long.getLong("edgefusion.image.maxEntryBytes", 16 * GIB),
                Long.getLong("edgefusion.image.maxLayerBytes", 64 * GIB),
                Long.getLong("edgefusion.image.maxEntries", 2_000_000),
                DevicePolicy.valueOf(System.getProperty("edgefusion.image.devices", "SKIP")));
    }

    public UnpackOptions withDevices(DevicePolicy p) {
        return new UnpackOptions(maxEntryBytes, maxLayerBytes, maxEntries, p);
    }

    public UnpackOptions withMaxLayerBytes(long max) {
        return new UnpackOptions(maxEntryBytes, max, maxEntries, devices);
    }

    public UnpackOptions withMaxEntryBytes(long max) {
        return new UnpackOptions(max, maxLayerBytes, maxEntries, devices);
    }
}
