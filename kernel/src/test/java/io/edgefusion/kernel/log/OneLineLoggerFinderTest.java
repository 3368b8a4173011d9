package io.edgefusion.kernel.log;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class OneLineLoggerFinderTest {
    @Test
    void theProductsFinderIsTheOneTheJdkUses() {
        assertThat(System.LoggerFinder.getLoggerFinder()).isInstanceOf(OneLineLoggerFinder.class);
    }

    @Test
    void eachEventIsOneLineEvenWithACauseOrANewline() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream real = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            System.Logger log = System.getLogger("test");
            log.log(System.Logger.Level.WARNING, "two\nlines", new IllegalStateException("cause"));
            log.log(System.Logger.Level.INFO, "{0} of {1}", 1, 2);
        } finally {
            System.setErr(real);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8).lines().toList())
                .containsExactly("edgefusion: WARNING two lines: cause", "edgefusion: INFO 1 of 2");
    }

    @Test
    void thresholdFromTheSetting() {
        assertThat(OneLineLoggerFinder.threshold(null)).isEqualTo(System.Logger.Level.INFO);
        assertThat(OneLineLoggerFinder.threshold("warn")).isEqualTo(System.Logger.Level.WARNING);
        assertThat(OneLineLoggerFinder.threshold("off")).isEqualTo(System.Logger.Level.OFF);
        assertThat(new OneLineLoggerFinder.OneLineLogger("x", System.Logger.Level.ERROR)
                .isLoggable(System.Logger.Level.WARNING)).isFalse();
    }
}
