package io.edgefusion.sandbox.spec;

/**
 * A host device made available inside ({@code --device HOST[:CONTAINER][:rwm]}).
 *
 * @param hostPath      the device node on the host
 * @param containerPath where it appears inside
 * @param permissions   a subset of {@code rwm}
 */
public record DeviceSpec(String hostPath, String containerPath, String permissions) {

    /** docker's syntax: {@code /dev/sdc}, {@code /dev/sdc:r}, {@code /dev/sdc:/dev/xvdc}, {@code /dev/sdc:/dev/xvdc:rw}. */
    public static DeviceSpec parse(String text) {
        String[] p = text.split(":", -1);
        if (p.length > 3 || p[0].isEmpty()) {
            throw new IllegalArgumentException("--device " + text + ": expected HOST[:CONTAINER][:rwm]");
        }
        String container = p[0];
        String perms = "rwm";
        if (p.length == 2 && !p[1].startsWith("/")) {
            perms = p[1];
        } else if (p.length >= 2) {
            container = p[1];
            if (p.length == 3) {
                perms = p[2];
            }
        }
        if (!p[0].startsWith("/") || !container.startsWith("/")) {
            throw new IllegalArgumentException("--device " + text + ": paths must be absolute");
        }
        if (perms.isEmpty() || !perms.chars().allMatch(c -> "rwm".indexOf(c) >= 0)
                || perms.chars().distinct().count() != perms.length()) {
            throw new IllegalArgumentException("--device " + text + ": permissions " + perms
                    + " are not a subset of rwm (r read, w write, m mknod)");
        }
        return new DeviceSpec(p[0], container, perms);
    }
}
