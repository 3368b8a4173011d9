package io.edgefusion.image.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A small but real root file system for interop tests: Debian's static busybox with applet symlinks, a
 * hardlink, a setuid file, a non-root owner, a private directory and a user xattr.
 */
public final class Rootfs {
    public static final Path BUSYBOX = Path.of("/bin/busybox");

    private Rootfs() {
    }

    public static Path busybox(Path dir) throws IOException {
        if (!Files.isExecutable(BUSYBOX)) {
            throw new AssertionError("/bin/busybox is missing: apt-get install -y busybox-static");
        }
        Files.createDirectories(dir.resolve("bin"));
        Files.copy(BUSYBOX, dir.resolve("bin/busybox"));
        for (String applet : new String[]{"sh", "ls", "cat", "echo", "id"}) {
            Files.createSymbolicLink(dir.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n");
        Files.writeString(dir.resolve("etc/hostname"), "edge\n");
        Files.createLink(dir.resolve("etc/hostname.hard"), dir.resolve("etc/hostname"));
        Files.createDirectories(dir.resolve("usr/local/bin"));
        Path suid = dir.resolve("usr/local/bin/suid-tool");
        Files.writeString(suid, "#!/bin/sh\necho suid\n");
        Cmd.run(null, "chmod", "4755", suid.toString());
        Path home = Files.createDirectories(dir.resolve("home/app"));
        Files.writeString(home.resolve("notes.txt"), "mine\n");
        Cmd.run(null, "chown", "-R", "1000:1000", home.toString());
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        Files.createDirectories(dir.resolve("tmp"));
        Cmd.run(null, "chmod", "1777", dir.resolve("tmp").toString());
        Files.setAttribute(dir.resolve("etc/hostname"), "user:origin", "test".getBytes());
        return dir;
    }
}
