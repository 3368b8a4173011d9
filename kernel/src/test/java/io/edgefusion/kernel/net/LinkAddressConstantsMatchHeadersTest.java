package io.edgefusion.kernel.net;

import io.edgefusion.kernel.testing.CHeaders;
import io.edgefusion.kernel.testing.CHeaders.Toolchain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The SIOCGIFADDR request, its errno and where {@code struct ifreq} holds the IPv4 address, on every architecture. */
class LinkAddressConstantsMatchHeadersTest {
    @ParameterizedTest
    @EnumSource(Toolchain.class)
    void ifaddrConstantsAreTheHeadersOfEveryArchitecture(Toolchain tc) {
        Map<String, Long> java = new LinkedHashMap<>();
        java.put("SIOCGIFADDR", Links.SIOCGIFADDR);
        java.put("EADDRNOTAVAIL", (long) Links.EADDRNOTAVAIL);
        java.put("offsetof(struct ifreq, ifr_addr) + offsetof(struct sockaddr_in, sin_addr)",
                (long) Links.IFREQ_SIN_ADDR);
        java.put("IFNAMSIZ", (long) Links.IFNAMSIZ);
        Map<String, String> expressions = new LinkedHashMap<>();
        java.keySet().forEach(k -> expressions.put(k, k));
        Map<String, Long> c = CHeaders.values(tc, List.of("sys/ioctl.h", "net/if.h", "netinet/in.h", "errno.h",
                "stddef.h"), expressions);
        assertThat(new TreeMap<>(java)).as("ifaddr constants vs " + tc.gcc()).isEqualTo(new TreeMap<>(c));
    }

    @Test
    void ipv6AddressesAreShortenedAsRfc5952Says() {
        assertThat(Links.compressed("0:0:0:0:0:0:0:1")).isEqualTo("::1");
        assertThat(Links.compressed("fe80:0:0:0:fc:ff:fe00:1")).isEqualTo("fe80::fc:ff:fe00:1");
        assertThat(Links.compressed("fd00:0:0:0:0:0:0:2")).isEqualTo("fd00::2");
        assertThat(Links.compressed("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(Links.compressed("0:0:0:0:0:0:0:0")).isEqualTo("::");
    }
}
