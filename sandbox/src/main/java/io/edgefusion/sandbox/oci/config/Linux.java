package io.edgefusion.sandbox.oci.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;
import java.util.Map;

/** {@code linux}: namespaces, id maps, devices, the cgroup and its resources, sysctl, seccomp, paths. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Linux(List<Namespace> namespaces, List<IdMapping> uidMappings, List<IdMapping> gidMappings,
                    List<Device> devices, String cgroupsPath, Resources resources, Map<String, String> sysctl,
                    Seccomp seccomp, String rootfsPropagation, List<String> maskedPaths,
                    List<String> readonlyPaths, String mountLabel, Personality personality,
                    Object intelRdt, Map<String, Object> timeOffsets) {
    public static final Linux EMPTY = new Linux(null, null, null, null, null, null, null, null, null, null, null,
            null, null, null, null);

    public Linux {
        namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
        uidMappings = uidMappings == null ? List.of() : List.copyOf(uidMappings);
        gidMappings = gidMappings == null ? List.of() : List.copyOf(gidMappings);
        devices = devices == null ? List.of() : List.copyOf(devices);
        sysctl = sysctl == null ? Map.of() : Map.copyOf(sysctl);
        maskedPaths = maskedPaths == null ? List.of() : List.copyOf(maskedPaths);
        readonlyPaths = readonlyPaths == null ? List.of() : List.copyOf(readonlyPaths);
        resources = resources == null ? Resources.NONE : resources;
    }

    /** A namespace to create ({@code path} absent) or to join ({@code path} to its {@code /proc/PID/ns} file). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Namespace(String type, String path) {
    }

    /** A device node to create in the container's /dev. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Device(String type, String path, long major, long minor, Integer fileMode, Long uid, Long gid) {
    }

    /** {@code personality}: LINUX or LINUX32. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Personality(String domain, List<String> flags) {
    }
}
