package io.edgefusion.oci.lifecycle;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignalsTest {
    @Test
    void namesWithOrWithoutSigAndNumbers() {
        assertThat(Signals.parse("TERM")).isEqualTo(15);
        assertThat(Signals.parse("SIGKILL")).isEqualTo(9);
        assertThat(Signals.parse("sigusr1")).isEqualTo(10);
        assertThat(Signals.parse("2")).isEqualTo(2);
        assertThatThrownBy(() -> Signals.parse("NOPE")).hasMessageContaining("signal NOPE: unknown");
        assertThatThrownBy(() -> Signals.parse("99")).hasMessageContaining("signal 99: unknown");
    }
}
