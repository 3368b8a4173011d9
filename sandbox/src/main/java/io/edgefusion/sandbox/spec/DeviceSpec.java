package io.edgefusion.sandbox.spec;

/**
 * A host device made available inside ({@code --device HOST[:CONTAINER][:rwm]}).
 *
 * @param hostPath      the device node on the host
 * @param containerPath where it appears inside
 * @param permissions   a subset of {@code rwm}
 */
public record DeviceSpec(String hostPath, String containerPath, String permissions) {
}
