package io.edgefusion.kernel.cgroup;

/** The four throttle limits of one block device: their v1 file and their key in v2's {@code io.max}. */
public enum IoThrottle {
    READ_BPS(CgroupFiles.V1_BLKIO_THROTTLE_READ_BPS, "rbps"),
    WRITE_BPS(CgroupFiles.V1_BLKIO_THROTTLE_WRITE_BPS, "wbps"),
    READ_IOPS(CgroupFiles.V1_BLKIO_THROTTLE_READ_IOPS, "riops"),
    WRITE_IOPS(CgroupFiles.V1_BLKIO_THROTTLE_WRITE_IOPS, "wiops");

    private final String v1File;
    private final String v2Key;

    IoThrottle(String v1File, String v2Key) {
        this.v1File = v1File;
        this.v2Key = v2Key;
    }

    public String v1File() {
        return v1File;
    }

    public String v2Key() {
        return v2Key;
    }
}
