package io.edgefusion.kernel.sys;

import io.edgefusion.kernel.testing.KernelTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link TreeRemoval}: any depth, symlinks removed and never followed, absent is fine. */
@KernelTest
class TreeRemovalKernelTest {
    private final Path base = Path.of("/tmp", "edgefusion-test-" + UUID.randomUUID().toString().substring(0, 8));

    @AfterEach
    void tearDown() {
        TreeRemoval.remove(base);
    }

    @Test
    void removesATreeDeeperThanPathMaxWithoutFollowingSymlinks() throws Exception {
        Path outside = Files.createDirectories(base.resolve("outside"));
        Path precious = Files.writeString(outside.resolve("precious"), "keep");
        Path victim = Files.createDirectories(base.resolve("victim"));
        Files.createSymbolicLink(victim.resolve("to-outside"), outside);
        Files.createDirectories(victim.resolve("wide/a b"));
        Files.writeString(victim.resolve("wide/a b/f"), "x");
        int fd = FileSyscalls.openDir(FileSyscalls.AT_FDCWD, victim.toString());
        try {
            for (int i = 0; i < 3000; i++) { // "dd/" 3000 times: 9000 bytes, twice PATH_MAX
                FileSyscalls.mkdirat(fd, "dd", 0700);
                int next = FileSyscalls.openDir(fd, "dd");
                FileSyscalls.close(fd);
                fd = next;
                if (i % 500 == 0) {
                    FileSyscalls.symlinkat(outside.toString(), fd, "up");
                }
            }
        } finally {
            FileSyscalls.close(fd);
        }
        TreeRemoval.remove(victim);
        assertThat(victim).doesNotExist();
        assertThat(precious).hasContent("keep");
        TreeRemoval.remove(victim); // absent: nothing to do
    }

    @Test
    void namesThatAreNotUtf8AreRemovedToo() throws Exception {
        Path victim = Files.createDirectories(base.resolve("victim"));
        // Bytes 0xff and 0xc3 0x28 are no UTF-8: decoding them to a String and back would name another file.
        Process p = new ProcessBuilder("/bin/sh", "-c", "cd \"$0\" && mkdir \"$(printf '\\377')\" &&"
                + " touch \"$(printf '\\377')/$(printf '\\303(')\" \"$(printf 'x\\376')\"", victim.toString())
                .inheritIO().start();
        assertThat(p.waitFor()).isZero();
        try (var s = Files.list(victim)) {
            assertThat(s.count()).isEqualTo(2);
        }
        TreeRemoval.remove(victim);
        assertThat(victim).doesNotExist();
    }

    @Test
    void aSymlinkGivenAsTheTreeIsRemovedItselfNotItsTarget() throws Exception {
        Path outside = Files.createDirectories(base.resolve("outside"));
        Files.writeString(outside.resolve("precious"), "keep");
        Path link = Files.createSymbolicLink(base.resolve("link"), outside);
        TreeRemoval.remove(link);
        assertThat(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(outside.resolve("precious")).hasContent("keep");
    }
}
