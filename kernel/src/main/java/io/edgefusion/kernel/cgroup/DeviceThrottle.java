package io.edgefusion.kernel.cgroup;

/**
 * One throttle limit of one block device.
 *
 * @param rate bytes or I/O operations per second; 0 removes the limit (v1 deletes the rule, v2 writes {@code max})
 */
public record DeviceThrottle(IoThrottle kind, long major, long minor, long rate) {

    public DeviceThrottle {
        BlockIoSettings.checkDevice(major, minor);
        if (rate < 0) {
            throw new IllegalArgumentException(kind.v2Key() + " of device " + major + ":" + minor + ": negative rate "
                    + rate);
        }
    }

    public String device() {
        return major + ":" + minor;
    }
}
