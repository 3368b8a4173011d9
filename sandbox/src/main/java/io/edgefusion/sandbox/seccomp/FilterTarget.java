package io.edgefusion.sandbox.seccomp;

import java.util.Set;

/**
 * What a policy is compiled for: the architecture, the sandbox's capability set (names without {@code CAP_}; a
 * rule's {@code includes/excludes.caps} are judged on it, as docker judges them on the bounding set) and the
 * running kernel's version (for {@code includes.minKernel}).
 */
public record FilterTarget(Arch arch, Set<String> caps, int kernelMajor, int kernelMinor) {
    public FilterTarget {
        caps = Set.copyOf(caps);
    }

    /** This host's architecture and kernel ({@code os.version} is the kernel release on Linux). */
    public static FilterTarget host(Set<String> caps) {
        int[] v = version(System.getProperty("os.version", "0.0"));
        return new FilterTarget(Arch.host(), caps, v[0], v[1]);
    }

    /** {@code "6.18.44-foo"} → {6, 18}. */
    static int[] version(String release) {
        String[] p = release.split("[^0-9]+");
        int major = p.length > 0 && !p[0].isEmpty() ? Integer.parseInt(p[0]) : 0;
        int minor = p.length > 1 && !p[1].isEmpty() ? Integer.parseInt(p[1]) : 0;
        return new int[]{major, minor};
    }

    boolean kernelAtLeast(String min) {
        int[] v = version(min);
        return kernelMajor != v[0] ? kernelMajor > v[0] : kernelMinor >= v[1];
    }
}
