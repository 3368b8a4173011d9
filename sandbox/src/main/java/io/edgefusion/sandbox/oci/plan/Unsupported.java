package io.edgefusion.sandbox.oci.plan;

import io.edgefusion.sandbox.oci.config.Linux;
import io.edgefusion.sandbox.oci.config.OciProcess;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the config asks and this host or runtime cannot do, refused as runc refuses it: an LSM label where that
 * LSM is absent (an AppArmor profile where it is enabled becomes the helper's {@code apparmor}), 1.2's scheduler and I/O priority, Intel RDT, time namespaces' offsets.
 */
final class Unsupported {
    static final Path APPARMOR = Path.of("/sys/kernel/security/apparmor");
    static final Path SELINUX = Path.of("/sys/fs/selinux/enforce");

    private Unsupported() {
    }

    /** {@code apparmor}: AppArmor's securityfs directory, whose presence says it is enabled. */
    static void check(OciProcess p, Linux linux, Path apparmor) {
        if (p.apparmorProfile() != null && !p.apparmorProfile().isEmpty() && !Files.exists(apparmor)) {
            throw new LaunchPlanException("process.apparmorProfile: " + p.apparmorProfile()
                    + " given, but AppArmor is not enabled on this host");
        }
        if (p.selinuxLabel() != null && !p.selinuxLabel().isEmpty() && !Files.exists(SELINUX)) {
            throw new LaunchPlanException("process.selinuxLabel: given, but SELinux is not enabled on this host");
        }
        if (linux.mountLabel() != null && !linux.mountLabel().isEmpty() && !Files.exists(SELINUX)) {
            throw new LaunchPlanException("linux.mountLabel: given, but SELinux is not enabled on this host");
        }
        if (p.scheduler() != null) {
            throw new LaunchPlanException("process.scheduler: not supported");
        }
        if (p.ioPriority() != null) {
            throw new LaunchPlanException("process.ioPriority: not supported");
        }
        if (linux.intelRdt() != null) {
            throw new LaunchPlanException("linux.intelRdt: not supported (no resctrl)");
        }
        if (linux.timeOffsets() != null && !linux.timeOffsets().isEmpty()) {
            throw new LaunchPlanException("linux.timeOffsets: time namespaces are not supported");
        }
    }
}
