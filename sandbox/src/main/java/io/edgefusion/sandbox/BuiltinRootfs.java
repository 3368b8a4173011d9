package io.edgefusion.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;

/**
 * {@code builtin:busybox}: a minimal root filesystem assembled from the host's static busybox (Debian's
 * busybox-static), so EdgeFusion runs something useful with no image and no hand-made files. Built once under
 * {@code <root>/builtin/busybox}, atomically (a temporary directory renamed into place).
 */
public final class BuiltinRootfs {
    public static final String PREFIX = "builtin:";
    private static final List<Path> BUSYBOX = List.of(Path.of("/bin/busybox"), Path.of("/usr/bin/busybox"));

    private BuiltinRootfs() {
    }

    /** The directory for a {@code builtin:NAME} rootfs, created on first use. */
    public static Path resolve(String spec, Path stateRoot) {
        String name = spec.substring(PREFIX.length());
        if (!name.equals("busybox")) {
            throw new IllegalArgumentException("rootfs " + spec + ": the only built-in root is builtin:busybox");
        }
        Path target = stateRoot.resolve("builtin").resolve(name);
        if (Files.isDirectory(target)) {
            return target;
        }
        Path busybox = BUSYBOX.stream().filter(Files::isExecutable).findFirst().orElseThrow(() ->
                new IllegalArgumentException("rootfs builtin:busybox needs a static busybox on the host:"
                        + " apt-get install -y busybox-static"));
        try {
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling("." + name + "-" + UUID.randomUUID());
            assemble(busybox, tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
                io.edgefusion.kernel.sys.TreeRemoval.remove(tmp); // another CLI built it first
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot assemble builtin:busybox under " + target, e);
        }
    }

    private static void assemble(Path busybox, Path root) throws IOException {
        Path bin = Files.createDirectories(root.resolve("bin"));
        Files.copy(busybox, bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        Process p = new ProcessBuilder(busybox.toString(), "--list").redirectErrorStream(true).start();
        String applets = new String(p.getInputStream().readAllBytes());
        for (String applet : applets.split("\n")) {
            if (!applet.isBlank() && !applet.equals("busybox")) {
                Files.createSymbolicLink(bin.resolve(applet.strip()), Path.of("busybox"));
            }
        }
        Files.createSymbolicLink(root.resolve("sbin"), Path.of("bin"));
        Files.createDirectories(root.resolve("usr"));
        Files.createSymbolicLink(root.resolve("usr/bin"), Path.of("../bin"));
        Files.createSymbolicLink(root.resolve("usr/sbin"), Path.of("../bin"));
        for (String d : List.of("proc", "sys", "dev", "etc", "root", "home", "var", "run")) {
            Files.createDirectories(root.resolve(d));
        }
        Path tmp = Files.createDirectories(root.resolve("tmp"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(root.resolve("etc/passwd"), """
                root:x:0:0:root:/root:/bin/sh
                nobody:x:65534:65534:nobody:/nonexistent:/bin/false
                app:x:1000:1000:app:/home/app:/bin/sh
                """);
        Files.writeString(root.resolve("etc/group"), """
                root:x:0:
                tty:x:5:
                app:x:1000:
                nogroup:x:65534:
                """);
        Files.writeString(root.resolve("etc/hostname"), "edgefusion\n");
        Files.createDirectories(root.resolve("home/app"));
    }

}
