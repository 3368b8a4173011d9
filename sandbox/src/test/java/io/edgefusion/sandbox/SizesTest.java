package io.edgefusion.sandbox;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** docker's size syntax, shared by run --memory and deployment files. */
class SizesTest {
    @Test
    void binaryUnitsAnOptionalBAndMinusOneForUnlimited() {
        assertThat(Sizes.parse("--memory", "512")).isEqualTo(512);
        assertThat(Sizes.parse("--memory", "64k")).isEqualTo(64L << 10);
        assertThat(Sizes.parse("--memory", "64MB")).isEqualTo(64L << 20);
        assertThat(Sizes.parse("--memory", "1g")).isEqualTo(1L << 30);
        assertThat(Sizes.parse("--memory", "-1")).isEqualTo(-1);
    }

    @Test
    void errorsQuoteTheFlagAndTheText() {
        assertThatThrownBy(() -> Sizes.parse("--memory", "64q"))
                .hasMessage("--memory 64q: expected a size like 512, 64k, 128m or 1g");
        assertThatThrownBy(() -> Sizes.parse("--memory", "-5m"))
                .hasMessage("--memory -5m: must not be negative (-1 means unlimited)");
    }
}
