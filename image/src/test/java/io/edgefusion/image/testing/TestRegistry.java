package io.edgefusion.image.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's docker-registry on a free 127.0.0.1 port, with TLS (a self-signed certificate for IP 127.0.0.1 made
 * by openssl, which is its own CA) and htpasswd basic auth (bcrypt, from htpasswd -B), in its own directory;
 * or, from {@link #plain}, plain HTTP without auth (a backend for a front that does the auth, a mirror).
 * {@link #close()} stops it and removes the directory.
 */
public final class TestRegistry implements AutoCloseable {
    public static final String USER = "alice";
    public static final String PASSWORD = "s3cret-pass";

    private final Path dir;
    private final int port;
    private final Process process;
    private final boolean secure;

    public TestRegistry(Path dir) throws IOException, InterruptedException {
        this(dir, true);
    }

    /** Plain HTTP, no auth. */
    public static TestRegistry plain(Path dir) throws IOException, InterruptedException {
        return new TestRegistry(dir, false);
    }

    private TestRegistry(Path dir, boolean secure) throws IOException, InterruptedException {
        this.dir = Files.createDirectories(dir);
        this.secure = secure;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        if (secure) {
            writeSecureConfig();
        } else {
            Files.writeString(dir.resolve("config.yml"), """
                    version: 0.1
                    log:
                      level: warn
                    storage:
                      filesystem:
                        rootdirectory: %s
                    http:
                      addr: 127.0.0.1:%d
                    """.formatted(dir.resolve("data"), port));
        }
        process = new ProcessBuilder("/usr/bin/docker-registry", "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        // wait for the port to accept, or for the registry to die
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry exited " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("registry.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                break;
            } catch (IOException notYet) {
                process.waitFor(20, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void writeSecureConfig() throws IOException {
        Cmd.run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out",
                "ca.pem", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                "-addext", "basicConstraints=critical,CA:TRUE");
        Files.createDirectories(dir.resolve("certs"));
        Files.copy(dir.resolve("ca.pem"), dir.resolve("certs/ca.crt")); // skopeo's --*-cert-dir layout
        String htpasswd = Cmd.run(dir, "htpasswd", "-Bbn", USER, PASSWORD).strip();
        Files.writeString(dir.resolve("htpasswd"), htpasswd + "\n");
        Files.writeString(dir.resolve("config.yml"), """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                  tls:
                    certificate: %s
                    key: %s
                auth:
                  htpasswd:
                    realm: edgefusion-test
                    path: %s
                """.formatted(dir.resolve("data"), port, dir.resolve("ca.pem"), dir.resolve("key.pem"),
                dir.resolve("htpasswd")));
    }

    /** {@code https://127.0.0.1:PORT} or, plain, {@code http://…}. */
    public String url() {
        return (secure ? "https://" : "http://") + host();
    }

    public boolean secure() {
        return secure;
    }

    /** {@code 127.0.0.1:PORT}. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path caFile() {
        return dir.resolve("ca.pem");
    }

    /** A directory holding the CA as {@code ca.crt}, for skopeo's {@code --dest-cert-dir}/{@code --src-cert-dir}. */
    public Path certDir() {
        return dir.resolve("certs");
    }

    public String creds() {
        return USER + ":" + PASSWORD;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        Cmd.run(null, "rm", "-rf", dir.toString());
    }
}
