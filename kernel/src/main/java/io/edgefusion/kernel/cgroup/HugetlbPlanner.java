package io.edgefusion.kernel.cgroup;

import io.edgefusion.kernel.sys.UnsupportedHost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.edgefusion.kernel.cgroup.CgroupFiles.*;

/**
 * Huge page limits: v1 {@code hugetlb.<size>.limit_in_bytes}, v2 {@code hugetlb.<size>.max}, and the reservation
 * limit beside it ({@code rsvd.limit_in_bytes} / {@code rsvd.max}, Linux 5.7) when the kernel has one, so a
 * reservation cannot outgrow the fault limit.
 */
final class HugetlbPlanner {
    private HugetlbPlanner() {
    }

    static void plan(PlanTargets t, List<HugepageLimit> limits, List<CgroupWrite> writes) {
        ControllerDir d = t.need(Controller.HUGETLB, "hugepage limits");
        String limitFile = d.unified() ? V2_HUGETLB_MAX : V1_HUGETLB_LIMIT;
        String rsvdFile = d.unified() ? V2_HUGETLB_RSVD_MAX : V1_HUGETLB_RSVD_LIMIT;
        for (HugepageLimit l : limits) {
            String size = l.size().name();
            Path f = d.file(hugetlb(size, limitFile));
            if (!Files.exists(f)) {
                throw new UnsupportedHost(hugetlb(size, limitFile) + " is missing in " + d.dir()
                        + ": this host's huge page sizes are " + sizes(d.dir(), limitFile).stream()
                        .map(HugePageSize::name).collect(Collectors.joining(", ")));
            }
            String value = l.limitBytes() < 0 ? (d.unified() ? CgroupValues.MAX : "-1") : Long.toString(l.limitBytes());
            writes.add(new CgroupWrite(f, value));
            Path rsvd = d.file(hugetlb(size, rsvdFile));
            if (Files.exists(rsvd)) {
                writes.add(new CgroupWrite(rsvd, value));
            }
        }
    }

    /** Page sizes with a {@code hugetlb.<size>.<limitFile>} in {@code dir}, smallest first. */
    static List<HugePageSize> sizes(Path dir, String limitFile) {
        String suffix = "." + limitFile;
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(HUGETLB_PREFIX) && n.endsWith(suffix))
                    .map(n -> n.substring(HUGETLB_PREFIX.length(), n.length() - suffix.length()))
                    .flatMap(n -> parse(n).stream()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 2MB} → a size; {@code 2MB.rsvd} (the reservation file's middle) → empty. */
    private static Optional<HugePageSize> parse(String middle) {
        try {
            return Optional.of(HugePageSize.parse(middle));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
