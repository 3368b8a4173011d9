package io.edgefusion.guardian.check;

import io.edgefusion.guardian.WorkloadRef;
import io.edgefusion.platform.contract.CoreContract;
import io.edgefusion.platform.contract.Stage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class HalAndIntervalTest {
    private final CoreContract contract = CoreContract.builtIn();
    private final WorkloadRef w = new WorkloadRef("plant/serial", "3", "s");

    private static String report(int size, String contractVersion) {
        return """
                {"schema": "edgefusion.hal-report/v1",
                 "providers": [{"class": "io.example.Uart", "kind": "serial", "contract": "%s"}],
                 "layouts": [{"name": "serial_frame", "size": %d, "byte_order": "little", "fields": [
                   {"name": "magic", "offset": 0, "size": 2}, {"name": "size", "offset": 2, "size": 2},
                   {"name": "seq", "offset": 4, "size": 4}, {"name": "type", "offset": 8, "size": 1},
                   {"name": "status", "offset": 9, "size": 1}, {"name": "length", "offset": 10, "size": 2},
                   {"name": "payload", "offset": 12, "size": 16}, {"name": "crc", "offset": 28, "size": 4}]}]}
                """.formatted(contractVersion, size);
    }

    @Test
    void thePinnedLayoutPassesAndA44ByteFrameFailsWithBothSizes() {
        HalReportCheck c = new HalReportCheck(contract);
        assertThat(c.judge(w, HalReport.parse(report(32, "2.3")))).isInstanceOf(CheckOutcome.Ok.class);
        CheckOutcome.Failed f = (CheckOutcome.Failed) c.judge(w, HalReport.parse(report(44, "2.3")));
        assertThat(f.rule()).isEqualTo("hal.layout");
        assertThat(f.reason()).contains("serial_frame frame is 44 bytes, the contract pins 32");
    }

    @Test
    void aProviderBuiltForANewerContractFailsTheVersionRule() {
        CheckOutcome.Failed f = (CheckOutcome.Failed) new HalReportCheck(contract).judge(w,
                HalReport.parse(report(32, "2.9")));
        assertThat(f.rule()).isEqualTo("hal.version");
        assertThat(f.reason()).contains("io.example.Uart implements contract 2.9");
    }

    @Test
    void intervalsByStageAndTightenedByTheDeployment() {
        assertThat(CheckInterval.of(Optional.empty(), Optional.empty())).isEqualTo(Duration.ofSeconds(1));
        assertThat(CheckInterval.of(Optional.of(contract.stage(Stage.DEVELOPMENT)), Optional.empty()))
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(CheckInterval.of(Optional.of(contract.stage(Stage.PRE_RELEASE)), Optional.empty()))
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(CheckInterval.of(Optional.of(contract.stage(Stage.PRODUCTION)), Optional.of(Duration.ofMillis(200))))
                .isEqualTo(Duration.ofMillis(200));
        assertThat(CheckInterval.of(Optional.of(contract.stage(Stage.PRODUCTION)), Optional.of(Duration.ofSeconds(9))))
                .as("a deployment may tighten, not loosen").isEqualTo(Duration.ofSeconds(1));
        assertThat(CheckInterval.contractEnforced(Optional.of(contract.stage(Stage.DEVELOPMENT)))).isFalse();
    }
}
