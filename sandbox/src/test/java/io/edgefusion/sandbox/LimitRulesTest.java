package io.edgefusion.sandbox;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** docker's cross-limit rules, quoting the value as the user wrote it. */
class LimitRulesTest {
    @Test
    void memoryBelowSixMegabytesQuotesTheUsersText() {
        assertThatThrownBy(() -> LimitRules.memory("1k", 1024)).hasMessage("--memory 1k: below the minimum 6m");
        assertThatCode(() -> LimitRules.memory("6m", LimitRules.MIN_MEMORY)).doesNotThrowAnyException();
        assertThatCode(() -> LimitRules.memory("-1", -1)).doesNotThrowAnyException();
    }

    @Test
    void cpusBeyondTheHostAreRefusedWithTheHostsCount() {
        assertThatThrownBy(() -> LimitRules.cpus("99", 99, 16)).hasMessage("--cpus 99: the host has only 16 CPUs");
        assertThatThrownBy(() -> LimitRules.cpus("1.5", 1.5, 1)).hasMessage("--cpus 1.5: the host has only 1 CPU");
        assertThatCode(() -> LimitRules.cpus("16", 16, 16)).doesNotThrowAnyException();
        assertThatThrownBy(() -> LimitRules.cpus("0", 0, 16)).hasMessageContaining("positive");
    }

    @Test
    void aReservationAboveTheLimitIsRefused() {
        assertThatThrownBy(() -> LimitRules.reservation("256m", 256L << 20, "128m", 128L << 20))
                .hasMessageStartingWith("--memory-reservation 256m: above --memory 128m");
        assertThatCode(() -> LimitRules.reservation("64m", 64L << 20, "128m", 128L << 20)).doesNotThrowAnyException();
        assertThatCode(() -> LimitRules.reservation("64m", 64L << 20, "-1", -1)).doesNotThrowAnyException();
    }
}
