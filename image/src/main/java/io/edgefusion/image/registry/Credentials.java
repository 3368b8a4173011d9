package io.edgefusion.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.image.ImageException;
import io.edgefusion.image.oci.OciJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Registry logins in docker's {@code config.json} shape ({@code {"auths":{"host:port":{"auth":"base64(user:pass)"}}}}),
 * so skopeo and podman read the same file with {@code --authfile}. The file is written 0600 in a 0700 directory,
 * by a rename (never half-written); keys other than ours are kept.
 */
public final class Credentials {
    private final Path file;

    /** A user and password for one registry. */
    public record Login(String user, String password) {
        @Override
        public String toString() {
            return "Login[" + user + "]"; // never the password
        }

        String basic() {
            return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
    }

    public Credentials(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public Optional<Login> get(String registry) {
        JsonNode e = read().path("auths").path(registry).path("auth");
        if (!e.isTextual()) {
            return Optional.empty();
        }
        String s;
        try {
            s = new String(Base64.getDecoder().decode(e.asText()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException bad) {
            throw new ImageException(file + ": auths." + registry + ".auth is not base64");
        }
        int colon = s.indexOf(':');
        if (colon < 0) {
            throw new ImageException(file + ": auths." + registry + ".auth is not base64(user:password)");
        }
        return Optional.of(new Login(s.substring(0, colon), s.substring(colon + 1)));
    }

    public void put(String registry, Login login) {
        ObjectNode root = read();
        ObjectNode auths = root.has("auths") && root.get("auths").isObject() ? (ObjectNode) root.get("auths")
                : root.putObject("auths");
        auths.putObject(registry).put("auth", login.basic());
        write(root);
    }

    /** Forgets a registry's login; false when there was none. */
    public boolean remove(String registry) {
        ObjectNode root = read();
        JsonNode auths = root.get("auths");
        if (auths instanceof ObjectNode a && a.remove(registry) != null) {
            write(root);
            return true;
        }
        return false;
    }

    private ObjectNode read() {
        try {
            return OciJson.parseObject(Files.readAllBytes(file), file.toString());
        } catch (NoSuchFileException e) {
            return OciJson.MAPPER.createObjectNode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(ObjectNode root) {
        try {
            Path dir = file.getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Path tmp = dir.resolve("." + file.getFileName() + "-" + UUID.randomUUID());
            Files.write(tmp, new byte[0]);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------")); // before the secret
            Files.write(tmp, OciJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
