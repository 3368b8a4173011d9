package io.edgefusion.oci.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The test image: Debian's static busybox with a link per applet, as a rootfs tar (for {@code podman import})
 * and as a one-layer OCI image archive (for {@code ctr images import}), both made here so no registry is needed.
 *
 * @param rootfsTar  the plain layer tar
 * @param ociArchive an OCI image layout, tarred, whose index names the image {@link #REF}
 */
public record BusyboxImage(Path rootfsTar, Path ociArchive) {
    public static final String REF = "localhost/ef-busybox:1";
    static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Builds both files in {@code dir}. */
    public static BusyboxImage create(Path dir) {
        try {
            Path rootfs = dir.resolve("rootfs");
            makeRootfs(rootfs);
            Path tar = dir.resolve("rootfs.tar");
            // Owner 0:0 whoever runs the build; the applet links are relative, so they resolve in any root.
            Cmd.run(List.of("tar", "--numeric-owner", "--owner=0", "--group=0", "-C", rootfs.toString(), "-cf",
                    tar.toString(), "."), Map.of()).ok();
            Path layout = dir.resolve("oci-layout");
            writeLayout(layout, Files.readAllBytes(tar));
            Path archive = dir.resolve("busybox-oci.tar");
            Cmd.run(List.of("tar", "--numeric-owner", "--owner=0", "--group=0", "-C", layout.toString(), "-cf",
                    archive.toString(), "oci-layout", "index.json", "blobs"), Map.of()).ok();
            return new BusyboxImage(tar, archive);
        } catch (IOException e) {
            throw new UncheckedIOException("build the busybox test image in " + dir, e);
        }
    }

    private static void makeRootfs(Path root) throws IOException {
        if (!Files.isExecutable(BUSYBOX)) {
            throw new AssertionError(BUSYBOX + " is missing: apt-get install -y busybox-static");
        }
        for (String d : List.of("bin", "etc", "proc", "sys", "dev", "root", "tmp")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.setPosixFilePermissions(root.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.copy(BUSYBOX, root.resolve("bin/busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        String applets = Cmd.run(List.of(BUSYBOX.toString(), "--list"), Map.of()).ok().out();
        for (String applet : applets.split("\n")) {
            String a = applet.strip();
            if (!a.isEmpty() && !a.equals("busybox") && !a.contains("/")) {
                Files.createSymbolicLink(root.resolve("bin").resolve(a), Path.of("busybox"));
            }
        }
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\n");
    }

    private static void writeLayout(Path layout, byte[] layer) throws IOException {
        Path blobs = Files.createDirectories(layout.resolve("blobs/sha256"));
        String layerDigest = put(blobs, layer);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architecture", goArch());
        config.put("os", "linux");
        config.put("config", Map.of("Env", List.of("PATH=/bin"), "Cmd", List.of("/bin/sh")));
        // Uncompressed layer: its diff_id is the blob's own digest.
        config.put("rootfs", Map.of("type", "layers", "diff_ids", List.of(layerDigest)));
        byte[] configBytes = JSON.writeValueAsBytes(config);
        String configDigest = put(blobs, configBytes);
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        manifest.put("config", descriptor("application/vnd.oci.image.config.v1+json", configDigest,
                configBytes.length));
        manifest.put("layers", List.of(descriptor("application/vnd.oci.image.layer.v1.tar", layerDigest,
                layer.length)));
        byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
        Map<String, Object> entry = descriptor("application/vnd.oci.image.manifest.v1+json",
                put(blobs, manifestBytes), manifestBytes.length);
        entry.put("annotations", Map.of("org.opencontainers.image.ref.name", REF));
        Files.write(layout.resolve("index.json"), JSON.writeValueAsBytes(Map.of("schemaVersion", 2,
                "manifests", List.of(entry))));
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    }

    private static Map<String, Object> descriptor(String mediaType, String digest, long size) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("mediaType", mediaType);
        d.put("digest", digest);
        d.put("size", size);
        return d;
    }

    private static String put(Path blobs, byte[] content) throws IOException {
        try {
            String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
            Files.write(blobs.resolve(hex), content);
            return "sha256:" + hex;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The image platform's architecture name for this JVM's (Go's names, as OCI uses them). */
    private static String goArch() {
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            case String other -> other;
        };
    }
}
