package io.edgefusion.sandbox.spec;

/**
 * The sandbox's security options beyond capabilities.
 *
 * @param seccomp         the filter installed as the last step before execve
 * @param noNewPrivileges no_new_privs on every process (on by default, as podman)
 * @param privileged      docker's {@code --privileged}: what it gives up is documented in docs/sandboxes.md
 */
public record Security(Seccomp seccomp, boolean noNewPrivileges, boolean privileged) {
    public static final Security DEFAULT = new Security(new Seccomp.DefaultPolicy(), true, false);

    public Security {
        if (seccomp == null) {
            seccomp = new Seccomp.DefaultPolicy();
        }
    }

    /** The same options, with docker's {@code --privileged} on or off. */
    public Security withPrivileged(boolean p) {
        return new Security(seccomp, noNewPrivileges, p);
    }
}
