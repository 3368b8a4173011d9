package io.edgefusion.sandbox.oci.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;
import java.util.Map;

/** {@code linux.resources}: also the body of {@code update --resources FILE}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Resources(List<DeviceRule> devices, Memory memory, Cpu cpu, Pids pids, BlockIO blockIO,
                        List<HugepageLimit> hugepageLimits, Object network, Map<String, String> unified,
                        Object rdma) {
    public static final Resources NONE = new Resources(null, null, null, null, null, null, null, null, null);

    public Resources {
        devices = devices == null ? List.of() : List.copyOf(devices);
        hugepageLimits = hugepageLimits == null ? List.of() : List.copyOf(hugepageLimits);
        unified = unified == null ? Map.of() : Map.copyOf(unified);
    }

    /** A device cgroup rule: allow or deny {@code type major:minor access}; null numbers are wildcards. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DeviceRule(boolean allow, String type, Long major, Long minor, String access) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Memory(Long limit, Long reservation, Long swap, Long kernel, Long kernelTCP, Long swappiness,
                         Boolean disableOOMKiller, Boolean useHierarchy, Boolean checkBeforeUpdate) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Cpu(Long shares, Long quota, Long burst, Long period, Long realtimeRuntime,
                      Long realtimePeriod, String cpus, String mems, Long idle) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Pids(long limit) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record BlockIO(Integer weight, Integer leafWeight, List<WeightDevice> weightDevice,
                          List<ThrottleDevice> throttleReadBpsDevice, List<ThrottleDevice> throttleWriteBpsDevice,
                          List<ThrottleDevice> throttleReadIOPSDevice,
                          List<ThrottleDevice> throttleWriteIOPSDevice) {
        public BlockIO {
            weightDevice = weightDevice == null ? List.of() : List.copyOf(weightDevice);
            throttleReadBpsDevice = throttleReadBpsDevice == null ? List.of() : List.copyOf(throttleReadBpsDevice);
            throttleWriteBpsDevice = throttleWriteBpsDevice == null ? List.of()
                    : List.copyOf(throttleWriteBpsDevice);
            throttleReadIOPSDevice = throttleReadIOPSDevice == null ? List.of()
                    : List.copyOf(throttleReadIOPSDevice);
            throttleWriteIOPSDevice = throttleWriteIOPSDevice == null ? List.of()
                    : List.copyOf(throttleWriteIOPSDevice);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record WeightDevice(long major, long minor, Integer weight, Integer leafWeight) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ThrottleDevice(long major, long minor, long rate) {
    }

    /** {@code pageSize} as the kernel names it ({@code 2MB}, {@code 1GB}); {@code limit} in bytes. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record HugepageLimit(String pageSize, long limit) {
    }
}
