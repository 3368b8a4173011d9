package io.edgefusion.kernel.sys;

import io.edgefusion.kernel.testing.KernelTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A sealed memfd reads back what was written and refuses every write, even through its /proc path as root. */
@KernelTest
class SealedMemfdKernelTest {
    @Test
    void holdsItsBytesAndRefusesWritesThroughProc() throws IOException {
        byte[] bytes = "#!/bin/sh\necho sealed\n".getBytes(StandardCharsets.US_ASCII);
        int fd = SealedMemfd.create("edgefusion-test", bytes);
        try {
            assertThat(SealedMemfd.sealed(fd)).isTrue();
            Path proc = Path.of("/proc/self/fd/" + fd);
            assertThat(Files.readSymbolicLink(proc).toString()).startsWith("/memfd:edgefusion-test");
            assertThat(Files.readAllBytes(proc)).isEqualTo(bytes);
            // F_SEAL_WRITE: the open succeeds, every write fails with EPERM, root or not.
            assertThatThrownBy(() -> Files.write(proc, new byte[]{'x'}, StandardOpenOption.WRITE))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("Operation not permitted");
            assertThat(Files.readAllBytes(proc)).isEqualTo(bytes);
        } finally {
            FileSyscalls.close(fd);
        }
    }
}
