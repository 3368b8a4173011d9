package io.edgefusion.kernel.sys.arch;

import io.edgefusion.kernel.sys.UnsupportedHost;

/** {@code os.arch} resolved once; a refusal is kept and thrown anew (with the same message) at each use. */
final class HostArch {
    private static final String OS_ARCH = System.getProperty("os.arch");
    private static final Arch CURRENT;
    private static final String REFUSAL;

    static {
        Arch a = null;
        String refusal = null;
        try {
            a = Arch.forOsArch(OS_ARCH);
        } catch (UnsupportedHost e) {
            refusal = e.getMessage();
        }
        CURRENT = a;
        REFUSAL = refusal;
    }

    private HostArch() {
    }

    static Arch get() {
        if (CURRENT == null) {
            throw new UnsupportedHost(REFUSAL);
        }
        return CURRENT;
    }
}
