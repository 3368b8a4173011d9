package io.edgefusion.kernel.cgroup;

import io.edgefusion.kernel.sys.UnsupportedHost;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.edgefusion.kernel.cgroup.CgroupFiles.*;

/**
 * Block I/O writes. v1: {@code blkio.weight[_device]} where CFQ-era files exist, else BFQ's
 * {@code blkio.bfq.weight[_device]}, and one {@code blkio.throttle.*_device} line per limit. v2: BFQ's
 * {@code io.bfq.weight} (same units as v1) when present, else {@code io.weight} with
 * {@link BlockIoSettings#v2Weight}, and one {@code io.max} line per device carrying all its limits.
 */
final class BlockIoPlanner {
    private static final String BFQ_HINT_FORMAT = "device %s is not driven by the bfq I/O scheduler, which per-device"
            + " weights need (see /sys/dev/block/%s/queue/scheduler)";

    private BlockIoPlanner() {
    }

    static void plan(PlanTargets t, BlockIoSettings b, List<CgroupWrite> writes) {
        ControllerDir d = t.need(Controller.IO, "block I/O limits");
        if (d.unified()) {
            v2(d, b, writes);
        } else {
            v1(d, b, writes);
        }
    }

    private static void v1(ControllerDir d, BlockIoSettings b, List<CgroupWrite> writes) {
        boolean needWeight = b.weight().isPresent() || b.weightDevices().stream().anyMatch(w -> w.weight().isPresent());
        // CFQ's files where they exist (kernels before 5.0), else BFQ's; a kernel never has both.
        boolean cfq = PlanTargets.exists(d, V1_BLKIO_WEIGHT);
        if (needWeight && !cfq && !PlanTargets.exists(d, V1_BLKIO_BFQ_WEIGHT)) {
            throw new UnsupportedHost("blkio weight: neither " + V1_BLKIO_WEIGHT + " (CFQ) nor " + V1_BLKIO_BFQ_WEIGHT
                    + " (BFQ) exists in " + d.dir() + ": no proportional-weight I/O scheduler serves cgroups here");
        }
        String leafWhy = "leaf weights were a CFQ feature, removed in Linux 5.0";
        b.weight().ifPresent(w -> writes.add(new CgroupWrite(d.file(cfq ? V1_BLKIO_WEIGHT : V1_BLKIO_BFQ_WEIGHT),
                Integer.toString(w))));
        b.leafWeight().ifPresent(w -> writes.add(new CgroupWrite(
                PlanTargets.existing(d, V1_BLKIO_LEAF_WEIGHT, leafWhy), Integer.toString(w))));
        for (DeviceWeight w : b.weightDevices()) {
            if (w.weight().isPresent()) {
                String line = w.device() + " " + w.weight().getAsInt();
                writes.add(cfq ? new CgroupWrite(d.file(V1_BLKIO_WEIGHT_DEVICE), line)
                        : new CgroupWrite(PlanTargets.existing(d, V1_BLKIO_BFQ_WEIGHT_DEVICE, "BFQ has no per-device"
                        + " weights on this kernel"), line, bfqHint(w)));
            }
            if (w.leafWeight().isPresent()) {
                writes.add(new CgroupWrite(PlanTargets.existing(d, V1_BLKIO_LEAF_WEIGHT_DEVICE, leafWhy),
                        w.device() + " " + w.leafWeight().getAsInt()));
            }
        }
        for (DeviceThrottle th : b.throttles()) {
            Path f = PlanTargets.existing(d, th.kind().v1File(), "the kernel lacks I/O throttling"
                    + " (CONFIG_BLK_DEV_THROTTLING)");
            writes.add(new CgroupWrite(f, th.device() + " " + th.rate()));
        }
    }

    private static void v2(ControllerDir d, BlockIoSettings b, List<CgroupWrite> writes) {
        if (b.leafWeight().isPresent() || b.weightDevices().stream().anyMatch(w -> w.leafWeight().isPresent())) {
            throw new UnsupportedHost("blkio leaf weight: cgroup v2 has no leaf weights (io controller at " + d.dir()
                    + ")");
        }
        boolean bfq = PlanTargets.exists(d, V2_IO_BFQ_WEIGHT);
        boolean needWeight = b.weight().isPresent() || !b.weightDevices().isEmpty();
        if (needWeight && !bfq && !PlanTargets.exists(d, V2_IO_WEIGHT)) {
            throw new UnsupportedHost("io weight: neither " + V2_IO_BFQ_WEIGHT + " (BFQ) nor " + V2_IO_WEIGHT
                    + " (iocost) exists in " + d.dir() + ": no proportional-weight I/O controller serves cgroups here");
        }
        b.weight().ifPresent(w -> writes.add(bfq ? new CgroupWrite(d.file(V2_IO_BFQ_WEIGHT), Integer.toString(w))
                : new CgroupWrite(d.file(V2_IO_WEIGHT), "default " + BlockIoSettings.v2Weight(w))));
        for (DeviceWeight w : b.weightDevices()) {
            int v = w.weight().getAsInt();
            writes.add(bfq ? new CgroupWrite(d.file(V2_IO_BFQ_WEIGHT), w.device() + " " + v, bfqHint(w))
                    : new CgroupWrite(d.file(V2_IO_WEIGHT), w.device() + " " + BlockIoSettings.v2Weight(v)));
        }
        if (!b.throttles().isEmpty()) {
            Path f = PlanTargets.existing(d, V2_IO_MAX, "the kernel lacks I/O throttling (CONFIG_BLK_DEV_THROTTLING)");
            // One line per device; a later limit of the same kind replaces an earlier one, as in the kernel.
            Map<String, Map<IoThrottle, Long>> byDevice = new LinkedHashMap<>();
            for (DeviceThrottle th : b.throttles()) {
                byDevice.computeIfAbsent(th.device(), k -> new java.util.EnumMap<>(IoThrottle.class))
                        .put(th.kind(), th.rate());
            }
            byDevice.forEach((dev, limits) -> {
                StringBuilder line = new StringBuilder(dev);
                limits.forEach((k, rate) -> line.append(' ').append(k.v2Key()).append('=')
                        .append(rate == 0 ? CgroupValues.MAX : Long.toString(rate)));
                writes.add(new CgroupWrite(f, line.toString()));
            });
        }
    }

    private static String bfqHint(DeviceWeight w) {
        return String.format(BFQ_HINT_FORMAT, w.device(), w.device());
    }
}
