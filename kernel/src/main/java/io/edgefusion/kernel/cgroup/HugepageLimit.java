package io.edgefusion.kernel.cgroup;

/**
 * A limit on huge pages of one size. Setting one needs no reserved pages; the kernel rounds it down to whole pages.
 *
 * @param limitBytes bytes of huge pages of this size the cgroup may fault in; -1 = unlimited. Also written to
 *                   the reservation limit ({@code rsvd}) where the kernel has one (Linux 5.7), as runc does.
 */
public record HugepageLimit(HugePageSize size, long limitBytes) {

    public HugepageLimit {
        if (limitBytes < -1) {
            throw new IllegalArgumentException("hugepage limit " + limitBytes + " for " + size
                    + ": expected -1 or more");
        }
    }

    /** {@code of("2MB", 4 << 20)}. */
    public static HugepageLimit of(String pageSize, long limitBytes) {
        return new HugepageLimit(HugePageSize.parse(pageSize), limitBytes);
    }
}
