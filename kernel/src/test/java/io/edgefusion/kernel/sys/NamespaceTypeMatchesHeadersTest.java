package io.edgefusion.kernel.sys;

import io.edgefusion.kernel.testing.CHeaders;
import io.edgefusion.kernel.testing.CHeaders.Toolchain;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Each {@link NamespaceType}'s CLONE_NEW* flag is the uapi header's on every architecture. */
class NamespaceTypeMatchesHeadersTest {
    @ParameterizedTest
    @EnumSource(Toolchain.class)
    void cloneFlagsAreTheHeadersOfEveryArchitecture(Toolchain tc) {
        Map<String, Long> java = new LinkedHashMap<>();
        for (NamespaceType t : NamespaceType.values()) {
            String name = t == NamespaceType.MNT ? "NS" : t.file().toUpperCase(Locale.ROOT);
            java.put("CLONE_NEW" + name, (long) t.cloneFlag());
        }
        Map<String, String> expressions = new LinkedHashMap<>();
        java.keySet().forEach(k -> expressions.put(k, k));
        Map<String, Long> c = CHeaders.values(tc, List.of("linux/sched.h"), expressions);
        assertThat(new TreeMap<>(java)).as("CLONE_NEW* vs " + tc.gcc()).isEqualTo(new TreeMap<>(c));
    }
}
