package io.edgefusion.kernel.resources.jdk;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class JdkSettingsTest {
    /** Captured on this machine: Temurin 25.0.3 in a v1 cgroup with 256M, 0.5 CPU, cpuset 0, pids 100. */
    private static final String LIMITED = """
            Operating System Metrics:
                Provider: cgroupv1
                Effective CPU Count: 1
                CPU Period: 100000us
                CPU Quota: 50000us
                CPU Shares: -1
                List of Processors, 1 total:\s
                0\s
                List of Effective Processors, 1 total:\s
                0\s
                List of Memory Nodes, 1 total:\s
                0\s
                List of Available Memory Nodes, 1 total:\s
                0\s
                Memory Limit: 256.00M
                Memory Soft Limit: Unlimited
                Memory & Swap Limit: Unlimited
                Maximum Processes Limit: 100

            openjdk version "25.0.3" 2026-04-21 LTS
            """;

    @Test
    void parsesTheMetricsBlock() {
        JdkSettings s = JdkSettings.parse(LIMITED);
        assertThat(s.containerized()).isTrue();
        assertThat(s.get(JdkSettings.PROVIDER)).hasValue("cgroupv1");
        assertThat(s.number(JdkSettings.CPU_COUNT)).hasValue(1);
        assertThat(s.number(JdkSettings.CPU_QUOTA)).hasValue(50000);
        assertThat(s.number(JdkSettings.CPU_PERIOD)).hasValue(100000);
        assertThat(s.number(JdkSettings.CPU_SHARES)).hasValue(-1);
        assertThat(s.get(JdkSettings.EFFECTIVE_CPUS)).hasValue("0");
        assertThat(s.get(JdkSettings.MEMORY_LIMIT)).hasValue("256.00M");
        assertThat(s.number(JdkSettings.PIDS_LIMIT)).hasValue(100);
        assertThat(s.number(JdkSettings.MEMORY_SWAP_LIMIT)).isEqualTo(OptionalLong.empty());
    }

    @Test
    void notContainerized() {
        JdkSettings s = JdkSettings.parse("Operating System Metrics:\n    Provider: cgroupv1\n"
                + "    System not containerized.\n\nopenjdk version \"25\"\n");
        assertThat(s.containerized()).isFalse();
        assertThat(s.get(JdkSettings.MEMORY_LIMIT)).isEmpty();
    }

    @Test
    void formatsSizesLikeTheLauncher() {
        assertThat(JdkSettings.formatSize(256L << 20)).isEqualTo("256.00M");
        assertThat(JdkSettings.formatSize(300_000_000L)).isEqualTo("286.10M");
        assertThat(JdkSettings.formatSize(200_000_000L)).isEqualTo("190.73M");
        assertThat(JdkSettings.formatSize(1L << 30)).isEqualTo("1.00G");
        assertThat(JdkSettings.formatSize(4096)).isEqualTo("4.00K");
        assertThat(JdkSettings.formatSize(0)).isEqualTo("0.00K");
        assertThat(JdkSettings.formatLimit(OptionalLong.empty())).isEqualTo("Unlimited");
    }
}
