package io.edgefusion.kernel.cgroup;

import java.util.OptionalInt;

/**
 * A proportional I/O weight for one block device, in blkio (v1) units; at least one of the two is given.
 *
 * @param weight     10..1000, as {@code blkio.weight_device} takes it (converted on v2, see {@link BlockIoSettings})
 * @param leafWeight CFQ's weight of the cgroup's own tasks against its children; no kernel since 5.0 has it
 */
public record DeviceWeight(long major, long minor, OptionalInt weight, OptionalInt leafWeight) {

    public DeviceWeight {
        BlockIoSettings.checkDevice(major, minor);
        if (weight.isEmpty() && leafWeight.isEmpty()) {
            throw new IllegalArgumentException("weight of device " + major + ":" + minor
                    + ": neither weight nor leaf weight");
        }
        weight.ifPresent(w -> BlockIoSettings.checkWeight("weight of device " + major + ":" + minor, w));
        leafWeight.ifPresent(w -> BlockIoSettings.checkWeight("leaf weight of device " + major + ":" + minor, w));
    }

    public static DeviceWeight of(long major, long minor, int weight) {
        return new DeviceWeight(major, minor, OptionalInt.of(weight), OptionalInt.empty());
    }

    /** {@code MAJ:MIN}, as every per-device cgroup file spells the device. */
    public String device() {
        return major + ":" + minor;
    }
}
