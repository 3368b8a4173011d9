package io.edgefusion.kernel.sys;

import io.edgefusion.kernel.sys.arch.Arch;

import java.util.Locale;

/** Where we run. Nothing here touches native code, so it is safe on any host. */
public final class Platform {
    private Platform() {
    }

    public static boolean isLinux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
    }

    /**
     * Throws a one-line {@link UnsupportedHost} naming the feature when this is not Linux, or Linux on an
     * architecture without a table of flags and syscall numbers ({@link Arch}).
     */
    public static void requireLinux(String feature) {
        if (!isLinux()) {
            throw new UnsupportedHost(feature + " needs Linux (cgroups, namespaces and /proc are Linux kernel"
                    + " interfaces); this host runs " + System.getProperty("os.name"));
        }
        try {
            Arch.current();
        } catch (UnsupportedHost e) {
            throw new UnsupportedHost(feature + ": " + e.getMessage());
        }
    }
}
