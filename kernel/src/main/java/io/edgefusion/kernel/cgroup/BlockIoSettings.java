package io.edgefusion.kernel.cgroup;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Block I/O limits, in v1 (blkio) units as the OCI runtime spec gives them; empty fields leave the kernel as is.
 * <p>On v1 the weight goes to {@code blkio.weight} (CFQ) or, where only BFQ exists, {@code blkio.bfq.weight}.
 * On v2 it goes unchanged to {@code io.bfq.weight} when BFQ offers that file, else to {@code io.weight}
 * ({@code default N}, 1..10000) after the linear map runc uses, {@link #v2Weight}: 10..1000 → 1..10000 as
 * {@code 1 + (w − 10) × 9999 / 990} (integer division; 10 → 1, 500 → 4950, 1000 → 10000).
 *
 * @param weight        10..1000
 * @param leafWeight    10..1000; CFQ only ({@code blkio.leaf_weight}), refused where the file is absent
 * @param weightDevices per-device weights
 * @param throttles     per-device bps/iops limits
 */
public record BlockIoSettings(OptionalInt weight, OptionalInt leafWeight, List<DeviceWeight> weightDevices,
                              List<DeviceThrottle> throttles) {
    public static final int MIN_WEIGHT = 10;
    public static final int MAX_WEIGHT = 1000;

    public BlockIoSettings {
        weight.ifPresent(w -> checkWeight("blkio weight", w));
        leafWeight.ifPresent(w -> checkWeight("blkio leaf weight", w));
        weightDevices = List.copyOf(weightDevices);
        throttles = List.copyOf(throttles);
    }

    public static BlockIoSettings none() {
        return new BlockIoSettings(OptionalInt.empty(), OptionalInt.empty(), List.of(), List.of());
    }

    public boolean isEmpty() {
        return weight.isEmpty() && leafWeight.isEmpty() && weightDevices.isEmpty() && throttles.isEmpty();
    }

    public BlockIoSettings withWeight(int w) {
        return new BlockIoSettings(OptionalInt.of(w), leafWeight, weightDevices, throttles);
    }

    public BlockIoSettings withLeafWeight(int w) {
        return new BlockIoSettings(weight, OptionalInt.of(w), weightDevices, throttles);
    }

    public BlockIoSettings withDeviceWeight(DeviceWeight d) {
        List<DeviceWeight> l = new ArrayList<>(weightDevices);
        l.add(d);
        return new BlockIoSettings(weight, leafWeight, l, throttles);
    }

    public BlockIoSettings withThrottle(IoThrottle kind, long major, long minor, long rate) {
        List<DeviceThrottle> l = new ArrayList<>(throttles);
        l.add(new DeviceThrottle(kind, major, minor, rate));
        return new BlockIoSettings(weight, leafWeight, weightDevices, l);
    }

    /** The v2 {@code io.weight} for a blkio weight: the linear map above. */
    public static long v2Weight(int blkioWeight) {
        checkWeight("blkio weight", blkioWeight);
        return 1 + (blkioWeight - MIN_WEIGHT) * 9999L / 990;
    }

    static void checkWeight(String what, int w) {
        if (w < MIN_WEIGHT || w > MAX_WEIGHT) {
            throw new IllegalArgumentException(what + " " + w + ": expected " + MIN_WEIGHT + ".." + MAX_WEIGHT);
        }
    }

    static void checkDevice(long major, long minor) {
        // dev_t has 12 bits of major and 20 of minor (MINORBITS); the cgroup parsers take any unsigned int.
        if (major < 0 || minor < 0 || major > 0xfff || minor > 0xfffff) {
            throw new IllegalArgumentException("block device " + major + ":" + minor + " out of range");
        }
    }
}
