package io.edgefusion.sandbox;

import io.edgefusion.kernel.sys.Libc;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.spec.MountSpec;
import io.edgefusion.sandbox.spec.SandboxSpec;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** User mounts (issue 8 §7): read-only binds reach submounts, tmpfs options as docker's, a default size cap. */
@KernelTest
class SandboxMountsKernelTest {
    private static final long MNT_DETACH = 2;
    private static TestSandboxes ts;
    private static Path data;
    private static Path sub;

    /** A directory the test owns with a tmpfs mounted below it (in the host's mount table, removed after). */
    @BeforeAll
    static void setUp() throws Exception {
        ts = new TestSandboxes();
        data = Files.createDirectory(ts.root().resolve("data"));
        sub = Files.createDirectory(data.resolve("sub"));
        Libc.mount("edgefusion-test", sub.toString(), "tmpfs", 0, "size=1m,mode=777");
    }

    @AfterAll
    static void tearDown() {
        try {
            Libc.umount2(sub.toString(), (int) MNT_DETACH);
        } finally {
            ts.close();
        }
    }

    private static String inside(SandboxSpec spec) {
        TestSandboxes.Result r = ts.run(spec.withOptions(null, null, false, spec.rootless(), true, true));
        assertThat(r.exitCode()).as(r.out()).isZero();
        return r.out();
    }

    @ParameterizedTest(name = "rootless={0}")
    @ValueSource(booleans = {false, true})
    void aReadOnlyBindIsReadOnlyInItsSubmountsToo(boolean rootless) {
        SandboxSpec spec = ts.spec("sh", "-c", "{ echo x > /data/top; } 2>&1; { echo x > /data/sub/below; } 2>&1;"
                        + " grep ' /data' /proc/mounts")
                .withMounts(List.of(new MountSpec.Bind(data, "/data", true)))
                .withOptions(null, null, false, rootless, true, true);
        String out = inside(spec);
        assertThat(out).contains("can't create /data/top: Read-only file system")
                .contains("can't create /data/sub/below: Read-only file system")
                .containsPattern("edgefusion-test /data/sub tmpfs ro,");
        assertThat(sub.resolve("below")).doesNotExist();
    }

    @Test
    void tmpfsWithOptionsIsOneMibAtRunAndRefusesTheSecondMib() {
        SandboxSpec spec = ts.spec("sh", "-c", "grep ' /run ' /proc/mounts; ls -d '/run:rw,size=1m' 2>&1;"
                + " dd if=/dev/zero of=/run/f bs=1048576 count=2 2>&1; echo rc=$?")
                .withMounts(List.of(MountSpec.parseTmpfs("/run:rw,size=1m")));
        String out = inside(spec);
        assertThat(out).containsPattern("tmpfs /run tmpfs rw,nosuid,nodev,noexec,[a-z,]*size=1024k")
                .contains("No such file or directory").contains("No space left on device").contains("rc=1");
    }

    @Test
    void aTmpfsWithoutOptionsIsCappedAt64MibAndMountOptionsWorkToo() {
        SandboxSpec spec = ts.spec("sh", "-c", "grep -E ' /(scratch|t2) ' /proc/mounts")
                .withMounts(List.of(MountSpec.parseTmpfs("/scratch"),
                        MountSpec.parseMount("type=tmpfs,target=/t2,tmpfs-size=2m,tmpfs-mode=700,readonly")));
        String out = inside(spec);
        assertThat(out).containsPattern("tmpfs /scratch tmpfs rw,nosuid,nodev,noexec,[a-z,]*size=65536k")
                .containsPattern("tmpfs /t2 tmpfs ro,nosuid,nodev,noexec,[a-z,]*size=2048k,mode=700");
    }

    @Test
    void unknownMountKeysAndTmpfsOptionsAreRefusedInOneLine() {
        assertThatThrownBy(() -> MountSpec.parseMount("type=bind,src=/tmp,dst=/x,bogus=1"))
                .hasMessage("--mount type=bind,src=/tmp,dst=/x,bogus=1: unknown key bogus (one of bind-propagation,"
                        + " destination, dst, readonly, ro, source, src, target, tmpfs-mode, tmpfs-size, type)");
        assertThatThrownBy(() -> MountSpec.parseMount("type=volume,src=v,dst=/x"))
                .hasMessageContaining("type must be bind or tmpfs");
        assertThatThrownBy(() -> MountSpec.parseMount("type=bind,src=/tmp,dst=/x,volume-nocopy"))
                .hasMessageContaining("volume-nocopy is unsupported");
        assertThatThrownBy(() -> MountSpec.parseMount("type=bind,src=/tmp,dst=/x,bind-propagation=rshared"))
                .hasMessageContaining("bind-propagation=rshared is unsupported");
        assertThatThrownBy(() -> MountSpec.parseTmpfs("/run:size=1m,huge=always"))
                .hasMessageStartingWith("--tmpfs /run:size=1m,huge=always: unknown tmpfs option huge");
        assertThatThrownBy(() -> MountSpec.parseTmpfs("/run:size=lots"))
                .hasMessage("--tmpfs /run:size=lots: size=lots is not a positive size like 64m");
        assertThatThrownBy(() -> MountSpec.parseTmpfs("/run:mode=999"))
                .hasMessage("--tmpfs /run:mode=999: mode=999 is not a valid octal mode");
    }
}
