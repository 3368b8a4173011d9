package io.edgefusion.kernel.cgroup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a cgroup can be asked for (the shape of the OCI runtime spec's {@code linux.resources}, without the
 * devices, which {@link CgroupManager#restrictDevices} owns): the common limits plus what only some hosts have.
 * {@link CgroupManager#update} writes it into a new or a running cgroup.
 *
 * @param unified raw cgroup2 file name → value, written last into the cgroup's cgroup2 directory, so a key there
 *                wins over the typed field for the same file (as runc does)
 */
public record ResourceSettings(LimitSettings limits, MemoryExtras memory, CpuExtras cpu, BlockIoSettings blockIo,
                               List<HugepageLimit> hugepages, Map<String, String> unified) {

    public ResourceSettings {
        hugepages = List.copyOf(hugepages);
        // Insertion order is write order; keep it.
        unified = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(unified));
    }

    public static ResourceSettings of(LimitSettings limits) {
        return new ResourceSettings(limits, MemoryExtras.none(), CpuExtras.none(), BlockIoSettings.none(), List.of(),
                Map.of());
    }

    public static ResourceSettings none() {
        return of(LimitSettings.none());
    }

    public ResourceSettings withLimits(LimitSettings l) {
        return new ResourceSettings(l, memory, cpu, blockIo, hugepages, unified);
    }

    public ResourceSettings withMemory(MemoryExtras m) {
        return new ResourceSettings(limits, m, cpu, blockIo, hugepages, unified);
    }

    public ResourceSettings withCpu(CpuExtras c) {
        return new ResourceSettings(limits, memory, c, blockIo, hugepages, unified);
    }

    public ResourceSettings withBlockIo(BlockIoSettings b) {
        return new ResourceSettings(limits, memory, cpu, b, hugepages, unified);
    }

    public ResourceSettings withHugepage(HugepageLimit h) {
        List<HugepageLimit> l = new ArrayList<>(hugepages);
        l.add(h);
        return new ResourceSettings(limits, memory, cpu, blockIo, l, unified);
    }

    public ResourceSettings withUnified(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(unified);
        m.put(key, value);
        return new ResourceSettings(limits, memory, cpu, blockIo, hugepages, m);
    }
}
