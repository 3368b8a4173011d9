package io.edgefusion.kernel.sys;

import io.edgefusion.kernel.proc.ProcStat;
import io.edgefusion.kernel.proc.SysvIpc;
import io.edgefusion.kernel.testing.KernelTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link NamespaceProbe} joins the UTS and IPC namespaces of a process the test starts with {@code unshare}: the
 * hostname read there is the one that process set, the host's SysV objects are not there, and the calling thread
 * never leaves its own namespaces.
 */
@KernelTest
class NamespaceProbeKernelTest {
    private Process child;

    @AfterEach
    void tearDown() throws Exception {
        if (child != null) {
            child.destroyForcibly().waitFor();
        }
    }

    @Test
    void readsTheHostnameOfAnotherUtsNamespaceAndComesBack() throws Exception {
        String name = "edgefusion-test-" + UUID.randomUUID().toString().substring(0, 8);
        child = new ProcessBuilder("unshare", "--uts", "--ipc", "sh", "-c", "hostname " + name
                + " && echo ready && exec sleep 600").redirectErrorStream(true).start();
        assertThat(new String(child.getInputStream().readNBytes(6))).isEqualTo("ready\n");
        long pid = child.pid();
        long ticks = ProcStat.of(pid).orElseThrow().startTicks();
        String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        String uts = Files.readSymbolicLink(Path.of("/proc/thread-self/ns/uts")).toString();

        String inside = NamespaceProbe.run(pid, ticks, List.of(NamespaceType.UTS, NamespaceType.IPC),
                () -> KernelFiles.read("/proc/sys/kernel/hostname").strip());
        assertThat(inside).isEqualTo(name);
        SysvIpc ipc = NamespaceProbe.run(pid, ticks, List.of(NamespaceType.IPC), SysvIpc::here);
        assertThat(ipc.count()).as("a fresh IPC namespace holds no objects").isZero();

        assertThat(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip()).isEqualTo(host);
        assertThat(Files.readSymbolicLink(Path.of("/proc/thread-self/ns/uts")).toString()).isEqualTo(uts);
    }

    @Test
    void refusesNamespacesAThreadCannotJoinAndRecycledPids() throws Exception {
        long self = ProcessHandle.current().pid();
        long ticks = ProcStat.of(self).orElseThrow().startTicks();
        for (NamespaceType t : List.of(NamespaceType.MNT, NamespaceType.PID, NamespaceType.USER)) {
            assertThatThrownBy(() -> NamespaceProbe.run(self, ticks, List.of(t), () -> 1))
                    .hasMessageContaining("cannot join a " + t.file());
        }
        assertThatThrownBy(() -> NamespaceProbe.run(self, ticks + 1, List.of(NamespaceType.UTS), () -> 1))
                .hasMessageContaining("exited before");
    }
}
