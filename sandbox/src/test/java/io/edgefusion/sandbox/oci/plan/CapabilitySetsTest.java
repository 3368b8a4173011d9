package io.edgefusion.sandbox.oci.plan;

import io.edgefusion.sandbox.oci.config.OciProcess;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CapabilitySetsTest {
    @Test
    void ambientOnlyWherePermittedAndInheritable() {
        List<String> warnings = new ArrayList<>();
        // `runc spec`'s shape: ambient listed, no inheritable set
        CapabilitySets s = CapabilitySets.of(new OciProcess.Capabilities(List.of("CAP_KILL", "CAP_CHOWN"),
                List.of("CAP_KILL"), null, List.of("CAP_KILL", "CAP_CHOWN"), List.of("CAP_KILL")), warnings::add);
        assertThat(s.ambient()).isZero();
        assertThat(s.permitted()).isEqualTo(0x21);
        assertThat(warnings).containsExactly("process.capabilities.ambient: 0x20 not both permitted and"
                + " inheritable; not raised");
        CapabilitySets t = CapabilitySets.of(new OciProcess.Capabilities(List.of("CAP_KILL"), List.of("CAP_KILL"),
                List.of("CAP_KILL"), List.of("CAP_KILL"), List.of("CAP_KILL")), warnings::add);
        assertThat(t.ambient()).isEqualTo(0x20);
    }
}
