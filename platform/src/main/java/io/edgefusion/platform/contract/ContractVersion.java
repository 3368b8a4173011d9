package io.edgefusion.platform.contract;

/** A contract version {@code major.minor}. Minors only add rules; a new major may change them. */
public record ContractVersion(int major, int minor) implements Comparable<ContractVersion> {
    public static ContractVersion parse(String text) {
        String[] p = text.trim().split("\\.");
        if (p.length != 2) {
            throw new IllegalArgumentException("contract version must be MAJOR.MINOR, got '" + text + "'");
        }
        try {
            return new ContractVersion(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("contract version must be MAJOR.MINOR, got '" + text + "'");
        }
    }

    /**
     * Whether a provider built for {@code provider} works under this contract: same major, and not built for a
     * newer minor than this one (it could rely on rules this contract does not have).
     */
    public boolean accepts(ContractVersion provider) {
        return provider.major == major && provider.minor <= minor;
    }

    @Override
    public int compareTo(ContractVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
