package io.edgefusion.image.unpack;

/**
 * Limits and policies of an unpack.
 *
 * @param maxEntryBytes  one file larger than this is refused as an absurd size
 * @param maxLayerBytes  the uncompressed tar larger than this is refused (decompression bombs)
 * @param maxEntries     more entries than this are refused
 * @param devices        what to do with character and block devices
 * @param maxRatio       a compressed layer may expand at most this many times its compressed bytes read so far
 *                       (gzip of zeros reaches 1000:1; real layers stay under 10:1, text-heavy ones under 30:1)
 * @param ratioFreeBytes the ratio applies only beyond this much uncompressed output, so a small layer of empty
 *                       files (a few hundred bytes that expand to tar headers) is never refused
 * @param maxImageBytes  all layers of one import together, uncompressed, larger than this are refused
 */
public record UnpackOptions(long maxEntryBytes, long maxLayerBytes, long maxEntries, DevicePolicy devices,
                            long maxRatio, long ratioFreeBytes, long maxImageBytes) {

    /**
     * Device nodes in a layer. Default {@link #SKIP}: an image is content, not hardware access; a sandbox gets a
     * fresh /dev from its runtime (as runc and docker build it), and a device node shipped in a layer would give
     * whoever runs the image that device unless the rootfs is mounted nodev. {@link #CREATE} makes them (root
     * only) for images that need them, e.g. a rootfs meant to be exported. FIFOs are always created.
     */
    public enum DevicePolicy { SKIP, CREATE }

    public static final long MIB = 1L << 20;
    public static final long GIB = 1L << 30;
    public static final long DEFAULT_RATIO = 100;

    public static UnpackOptions defaults() {
        return new UnpackOptions(
                Long.getLong("edgefusion.image.maxEntryBytes", 16 * GIB),
                Long.getLong("edgefusion.image.maxLayerBytes", 64 * GIB),
                Long.getLong("edgefusion.image.maxEntries", 2_000_000),
                DevicePolicy.valueOf(System.getProperty("edgefusion.image.devices", "SKIP")),
                Long.getLong("edgefusion.image.maxRatio", DEFAULT_RATIO),
                Long.getLong("edgefusion.image.ratioFreeBytes", 8 * MIB),
                Long.getLong("edgefusion.image.maxImageBytes", 64 * GIB));
    }

    public UnpackOptions withDevices(DevicePolicy p) {
        return new UnpackOptions(maxEntryBytes, maxLayerBytes, maxEntries, p, maxRatio, ratioFreeBytes,
                maxImageBytes);
    }

    public UnpackOptions withMaxLayerBytes(long max) {
        return new UnpackOptions(maxEntryBytes, max, maxEntries, devices, maxRatio, ratioFreeBytes, maxImageBytes);
    }

    public UnpackOptions withMaxEntryBytes(long max) {
        return new UnpackOptions(max, maxLayerBytes, maxEntries, devices, maxRatio, ratioFreeBytes, maxImageBytes);
    }

    /** {@code ratio} ≥ 1; the free allowance stays. */
    public UnpackOptions withMaxRatio(long ratio) {
        if (ratio < 1) {
            throw new IllegalArgumentException("the expansion ratio must be at least 1, got " + ratio);
        }
        return new UnpackOptions(maxEntryBytes, maxLayerBytes, maxEntries, devices, ratio, ratioFreeBytes,
                maxImageBytes);
    }

    public UnpackOptions withRatioFreeBytes(long free) {
        return new UnpackOptions(maxEntryBytes, maxLayerBytes, maxEntries, devices, maxRatio, free, maxImageBytes);
    }

    public UnpackOptions withMaxImageBytes(long max) {
        return new UnpackOptions(maxEntryBytes, maxLayerBytes, maxEntries, devices, maxRatio, ratioFreeBytes, max);
    }
}
