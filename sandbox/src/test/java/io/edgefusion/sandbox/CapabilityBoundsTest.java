package io.edgefusion.sandbox;

import io.edgefusion.kernel.proc.BoundingSet;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A capability outside the host's bounding set is refused up front, named, instead of a bare capset EPERM. */
class CapabilityBoundsTest {
    /** CAP_CHOWN .. CAP_CHECKPOINT_RESTORE (0..40), what a current kernel reports. */
    private static final long FULL = (1L << 41) - 1;
    private static final long SYS_RESOURCE = 1L << 24;
    private static final long CHOWN = 1L;

    @Test
    void anAddedCapabilityTheHostLacksIsNamedWithTheBoundingSet() {
        assertThatThrownBy(() -> CapabilityBounds.check(Set.of("SYS_RESOURCE"), Set.of(), FULL & ~SYS_RESOURCE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--cap-add SYS_RESOURCE: the host's capability bounding set lacks"
                        + " CAP_SYS_RESOURCE")
                .hasMessageContaining("CapBnd 000001fffeffffff in /proc/self/status");
    }

    @Test
    void aFullBoundingSetPassesAndALackingOneOnlyMattersWhenAsked() {
        assertThatCode(() -> CapabilityBounds.check(Set.of("SYS_RESOURCE", "NET_ADMIN"), Set.of(), FULL))
                .doesNotThrowAnyException();
        assertThatCode(() -> CapabilityBounds.check(Set.of(), Set.of(), FULL & ~SYS_RESOURCE))
                .doesNotThrowAnyException();
    }

    @Test
    void aDefaultCapabilityTheHostLacksSaysHowToDropIt() {
        assertThatThrownBy(() -> CapabilityBounds.check(Set.of(), Set.of(), FULL & ~CHOWN))
                .hasMessageStartingWith("the host's capability bounding set lacks CHOWN of the default set")
                .hasMessageEndingWith("drop it with --cap-drop CHOWN");
        assertThatCode(() -> CapabilityBounds.check(Set.of(), Set.of("CHOWN"), FULL & ~CHOWN))
                .doesNotThrowAnyException();
    }

    @Test
    void addAllOnABoundedHostNamesWhatIsMissing() {
        assertThatThrownBy(() -> CapabilityBounds.check(Set.of("ALL"), Set.of(), FULL & ~SYS_RESOURCE))
                .hasMessageStartingWith("--cap-add ALL: the host's capability bounding set lacks SYS_RESOURCE");
    }

    @Test
    void theCapBndLineIsParsedFromStatus() {
        String status = "Name:\tjava\nCapPrm:\t0000000000000000\nCapBnd:\t000001fffeffffff\nNoNewPrivs:\t0\n";
        assertThat(BoundingSet.parse(status, Path.of("status"))).isEqualTo(FULL & ~SYS_RESOURCE);
        assertThat(BoundingSet.ofSelf() & ~FULL).as("no bits beyond the last capability").isZero();
    }
}
