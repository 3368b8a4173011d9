package io.edgefusion.sandbox.oci.plan;

import io.edgefusion.kernel.testing.CHeaders;
import io.edgefusion.kernel.testing.CHeaders.Toolchain;
import io.edgefusion.sandbox.spec.Capabilities;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The numbers the helper's instructions carry — mount flags, rlimit resources by index, capability bits — are
 * not per-architecture tables because x86-64 and aarch64 share them (asm-generic). Here that claim meets both
 * architectures' headers.
 */
class ProtocolConstantsMatchHeadersTest {
    @ParameterizedTest
    @EnumSource(Toolchain.class)
    void mountFlagsRlimitsAndCapabilitiesAreTheSameOnEveryArchitecture(Toolchain tc) {
        Map<String, Long> java = new LinkedHashMap<>();
        java.put("MS_RDONLY", MountOptions.MS_RDONLY);
        java.put("MS_NOSUID", MountOptions.MS_NOSUID);
        java.put("MS_NODEV", MountOptions.MS_NODEV);
        java.put("MS_NOEXEC", MountOptions.MS_NOEXEC);
        java.put("MS_BIND", MountOptions.MS_BIND);
        java.put("MS_REC", MountOptions.MS_REC);
        java.put("MS_STRICTATIME", MountOptions.MS_STRICTATIME);
        for (int i = 0; i < Rlimits.NAMES.size(); i++) {
            java.put("RLIMIT_" + Rlimits.NAMES.get(i).toUpperCase(Locale.ROOT), (long) i);
        }
        for (String cap : Capabilities.resolve(Set.of("ALL"), Set.of())) {
            java.put("1LL << CAP_" + cap, Capabilities.mask(Set.of(cap)));
        }
        Map<String, String> expressions = new LinkedHashMap<>();
        java.keySet().forEach(k -> expressions.put(k, k));
        Map<String, Long> headers = CHeaders.values(tc, List.of("sys/mount.h", "sys/resource.h",
                "linux/capability.h"), expressions);
        assertThat(new TreeMap<>(java)).as("MountOptions, Rlimits, Capabilities vs " + tc.gcc()).isEqualTo(new TreeMap<>(headers));
    }
}
