package io.edgefusion.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefusion.image.ImageException;
import io.edgefusion.image.oci.Digest;
import io.edgefusion.image.oci.MediaTypes;
import io.edgefusion.image.oci.OciJson;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * One registry endpoint spoken to over the OCI distribution spec: {@code /v2/} ping, manifests, blobs (with
 * {@code Range} to resume), uploads (monolithic, chunked, cross-repository mount) and manifest PUT. Every request
 * goes through {@link Authenticator}: anonymous first, then what the registry's 401 asks for. Redirects of blob
 * downloads are followed by hand, without the Authorization header (a storage backend must not see it).
 */
public final class RegistryClient implements AutoCloseable {
    static final String ACCEPT = String.join(", ", MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST,
            MediaTypes.OCI_INDEX, MediaTypes.DOCKER_LIST);
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final Duration PROBE = Duration.ofSeconds(3);
    private static final int MAX_REDIRECTS = 5;
    /** The JDK HTTP client's read buffer (its property, read once when the client's classes load). */
    static final String BUFSIZE_PROPERTY = "jdk.httpclient.bufsize";

    static {
        // 16 KiB by default: every buffer is a hand-off from the selector thread to the reader, and a 50 MiB pull
        // spent ~0.2 s more CPU in that than with 256 KiB (perf, bench/registry.sh). A value set by the user wins.
        System.getProperties().putIfAbsent(BUFSIZE_PROPERTY, Integer.toString(256 * 1024));
    }

    private final String registry;
    private final URI base;
    private final HttpClient http;
    private final Authenticator auth;

    /** A manifest or index as the registry sent it, with the digest of its bytes. */
    public record Document(String mediaType, byte[] bytes, Digest digest) {
    }

    /** A blob's bytes from {@code start} on (0 when the registry ignored the Range asked for). */
    public record BlobStream(InputStream body, long start) {
    }

    private RegistryClient(String registry, URI base, HttpClient http, Authenticator auth) {
        this.registry = registry;
        this.base = base;
        this.http = http;
        this.auth = auth;
    }

    /**
     * Connects to {@code registry} (as references name it; Docker Hub is reached at its API host) and pings
     * {@code /v2/}. Over TLS verified with the JDK's CAs plus {@code caFile}; when {@code insecure}, plain HTTP if
     * the endpoint answers it as a registry, else TLS without verification.
     */
    public static RegistryClient connect(String registry, Path caFile, boolean insecure, Credentials.Login login) {
        String host = registry.equals(RemoteRef.DOCKER_HUB) ? "registry-1.docker.io" : registry;
        HttpClient http = HttpClient.newBuilder().sslContext(insecure ? Tls.unverified() : Tls.context(caFile))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(30))
                .version(HttpClient.Version.HTTP_1_1).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        try {
            return connect(registry, host, http, insecure, login);
        } catch (RuntimeException e) {
            http.shutdownNow();
            throw e;
        }
    }

    private static RegistryClient connect(String registry, String host, HttpClient http, boolean insecure,
                                          Credentials.Login login) {
        Authenticator auth = new Authenticator(registry, login, http);
        RegistryClient https = new RegistryClient(registry, URI.create("https://" + host + "/"), http, auth);
        if (!insecure) {
            https.ping(TIMEOUT);
            return https;
        }
        // Insecure (loopback or listed): plain HTTP is asked first, because a failed TLS attempt against a plain
        // server costs a cold JVM half a second or more (the TLS stack's classes, a key exchange) while a plain
        // request to a TLS port fails at once (HTTP 400 or a reset). The ping carries no credentials.
        RegistryClient plain = new RegistryClient(registry, URI.create("http://" + host + "/"), http, auth);
        try {
            int status = plain.pingStatus(PROBE);
            if (status == 200 || status == 401) {
                return plain;
            }
            if (status != 400) {
                // a plain HTTP server that is no registry (a broken mirror's 500): asking it TLS next would
                // only wait for a handshake it never answers and report that instead of what it said
                throw new RegistryException(registry, "ping /v2/: HTTP " + status
                        + " (not an OCI distribution registry?)");
            }
        } catch (RegistryException.Unreachable e) {
            if (e.getCause() instanceof java.net.ConnectException) {
                throw e;
            }
        }
        https.ping(TIMEOUT);
        return https;
    }

    /**
     * What {@code /v2/} answers a plain request with: 200 or 401 from a registry; a TLS port answers 400 (Go's
     * and nginx's "HTTP request to an HTTPS server") or resets.
     */
    private int pingStatus(Duration timeout) {
        return raw(HttpRequest.newBuilder(base.resolve("/v2/")).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray(), "ping /v2/").statusCode();
    }

    public String registry() {
        return registry;
    }

    /**
     * Stops the HTTP client's selector thread: a JVM exiting with it blocked in epoll waits up to 300 ms for it
     * (a cold pull's exit), and a node would keep one per command until the client is collected.
     */
    @Override
    public void close() {
        http.shutdownNow();
    }

    /** {@code https://host/} or, for an insecure registry without TLS, {@code http://host/}. */
    public URI base() {
        return base;
    }

    static String pullScope(String repo) {
        return "repository:" + repo + ":pull";
    }

    static String pushScope(String repo) {
        return "repository:" + repo + ":pull,push";
    }

    private void ping(Duration timeout) {
        HttpResponse<byte[]> r = raw(HttpRequest.newBuilder(base.resolve("/v2/")).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray(), "ping /v2/");
        if (r.statusCode() == 401) {
            return; // the challenge is answered on the first request that needs it, for that request's scope
        }
        if (r.statusCode() != 200) {
            throw new RegistryException(registry, "ping /v2/: HTTP " + r.statusCode()
                    + " (not an OCI distribution registry?)");
        }
    }

    /** Checks that the credentials are accepted: {@code GET /v2/} answering whatever challenge comes. */
    public void checkLogin() {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(base.resolve("/v2/")).timeout(TIMEOUT).GET(),
                HttpResponse.BodyHandlers.ofByteArray(), "", "login");
        expect(r, 200, "login");
    }

    /** The manifest or index {@code repo:reference}; a digest reference is checked against the bytes. */
    public Document manifest(String repo, String reference) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri("/v2/" + repo + "/manifests/" + reference))
                .timeout(TIMEOUT).header("Accept", ACCEPT).GET();
        HttpResponse<InputStream> r = send(b, HttpResponse.BodyHandlers.ofInputStream(), pullScope(repo),
                "manifest " + repo + ":" + reference);
        if (r.statusCode() == 404) {
            throw new RegistryException.NotFound(registry, "manifest " + repo + ":" + reference + " not found ("
                    + RegistryResponses.errorText(r) + ")");
        }
        expect(r, 200, "manifest " + repo + ":" + reference);
        byte[] bytes;
        try (InputStream in = r.body()) {
            bytes = in.readNBytes(OciJson.MAX_DOCUMENT + 1);
        } catch (IOException e) {
            throw new RegistryException.Unreachable(registry, "manifest " + repo + ":" + reference + ": " + e, e);
        }
        if (bytes.length > OciJson.MAX_DOCUMENT) {
            throw new RegistryException(registry, "manifest " + repo + ":" + reference + " is larger than any valid"
                    + " document");
        }
        Digest got = Digest.of(bytes);
        if (reference.startsWith("sha256:") && !got.toString().equals(reference)) {
            throw new RegistryException(registry, "manifest " + repo + "@" + reference + ": digest mismatch: content"
                    + " is " + got);
        }
        String mt = r.headers().firstValue("Content-Type").map(t -> t.split(";")[0].trim()).orElse(null);
        JsonNode inBody = OciJson.parseObject(bytes, "manifest " + repo + ":" + reference).get("mediaType");
        return new Document(inBody != null && inBody.isTextual() ? inBody.asText() : mt, bytes, got);
    }

    /** A blob's bytes, from offset {@code from} when it is above 0 ({@code Range: bytes=from-}). */
    public BlobStream blob(String repo, Digest d, long from) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri("/v2/" + repo + "/blobs/" + d)).timeout(TIMEOUT).GET();
        if (from > 0) {
            b.header("Range", "bytes=" + from + "-");
        }
        String what = "blob " + d.shortHex();
        HttpResponse<InputStream> r = send(b, HttpResponse.BodyHandlers.ofInputStream(), pullScope(repo), what);
        for (int hops = 0; RegistryResponses.isRedirect(r.statusCode()); hops++) {
            String loc = r.headers().firstValue("Location").orElseThrow(() ->
                    new RegistryException(registry, what + ": redirect without a Location"));
            RegistryResponses.discard(r);
            if (hops == MAX_REDIRECTS) {
                throw new RegistryException(registry, what + ": more than " + MAX_REDIRECTS + " redirects");
            }
            HttpRequest.Builder next = HttpRequest.newBuilder(r.uri().resolve(loc)).timeout(TIMEOUT).GET();
            if (from > 0) {
                next.header("Range", "bytes=" + from + "-");
            }
            r = raw(next.build(), HttpResponse.BodyHandlers.ofInputStream(), what);
        }
        if (r.statusCode() == 404) {
            throw new RegistryException.NotFound(registry, what + " not found in " + repo);
        }
        if (r.statusCode() == 206) {
            String range = r.headers().firstValue("Content-Range").orElse("");
            long start = -1;
            if (range.startsWith("bytes ") && range.indexOf('-') > 6) {
                try {
                    start = Long.parseLong(range.substring(6, range.indexOf('-')));
                } catch (NumberFormatException ignored) {
                    // unusable: start over
                }
            }
            if (start != from) {
                RegistryResponses.discard(r);
                return blob(repo, d, 0);
            }
            return new BlobStream(r.body(), start);
        }
        expect(r, 200, what);
        return new BlobStream(r.body(), 0);
    }

    /** Whether the repository has the blob ({@code HEAD}). */
    public boolean hasBlob(String repo, Digest d) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri("/v2/" + repo + "/blobs/" + d)).timeout(TIMEOUT)
                .method("HEAD", HttpRequest.BodyPublishers.noBody());
        HttpResponse<byte[]> r = send(b, HttpResponse.BodyHandlers.ofByteArray(), pushScope(repo), "blob " + d.shortHex());
        return r.statusCode() == 200;
    }

    /**
     * Asks to mount {@code d} from repository {@code from} into {@code repo}: null when mounted (201), else the
     * upload session the registry opened instead (202; the bytes must then be sent).
     */
    public URI mount(String repo, Digest d, String from) {
        URI u = uri("/v2/" + repo + "/blobs/uploads/?mount=" + enc(d.toString()) + "&from=" + enc(from));
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(u).timeout(TIMEOUT).POST(HttpRequest.BodyPublishers.noBody()),
                HttpResponse.BodyHandlers.ofByteArray(), pushScope(repo) + " " + pullScope(from), "mount " + d.shortHex());
        if (r.statusCode() == 201) {
            return null;
        }
        expect(r, 202, "mount " + d.shortHex() + " from " + from);
        return location(r, "mount " + d.shortHex());
    }

    /** Opens an upload session ({@code POST …/blobs/uploads/}); returns its location. */
    public URI startUpload(String repo) {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(uri("/v2/" + repo + "/blobs/uploads/")).timeout(TIMEOUT)
                        .POST(HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.ofByteArray(),
                pushScope(repo), "upload to " + repo);
        expect(r, 202, "upload to " + repo);
        return location(r, "upload to " + repo);
    }

    /** Sends one chunk ({@code PATCH} with Content-Range); returns the session's next location. */
    public URI patch(String repo, URI session, Path file, long offset, long length) {
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> FileSlice.open(file, offset, length)), length);
        HttpRequest.Builder b = HttpRequest.newBuilder(session).timeout(TIMEOUT)
                .header("Content-Type", "application/octet-stream")
                .header("Content-Range", offset + "-" + (offset + length - 1)).method("PATCH", body);
        HttpResponse<byte[]> r = send(b, HttpResponse.BodyHandlers.ofByteArray(), pushScope(repo), "upload chunk");
        expect(r, 202, "upload chunk at " + offset);
        return location(r, "upload chunk");
    }

    /** Closes an upload session with {@code PUT ?digest=}, sending {@code file} whole (monolithic) or nothing. */
    public void finishUpload(String repo, URI session, Digest d, Path file) {
        String sep = session.getRawQuery() == null ? "?" : "&";
        URI u = URI.create(session + sep + "digest=" + enc(d.toString()));
        HttpRequest.BodyPublisher body;
        try {
            body = file == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofFile(file);
        } catch (IOException e) {
            throw new ImageException("blob " + d + ": " + e.getMessage(), e);
        }
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(u).timeout(TIMEOUT)
                .header("Content-Type", "application/octet-stream").PUT(body),
                HttpResponse.BodyHandlers.ofByteArray(), pushScope(repo), "upload " + d.shortHex());
        expect(r, 201, "upload " + d.shortHex());
    }

    /** {@code PUT /v2/repo/manifests/tag}; returns the digest the registry reports (or of the bytes). */
    public Digest putManifest(String repo, String tag, String mediaType, byte[] bytes) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri("/v2/" + repo + "/manifests/" + tag)).timeout(TIMEOUT)
                .header("Content-Type", mediaType).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
        HttpResponse<byte[]> r = send(b, HttpResponse.BodyHandlers.ofByteArray(), pushScope(repo),
                "manifest " + repo + ":" + tag);
        expect(r, 201, "manifest " + repo + ":" + tag);
        return r.headers().firstValue("Docker-Content-Digest").map(Digest::parse).orElse(Digest.of(bytes));
    }

    private URI uri(String path) {
        return base.resolve(path);
    }

    private URI location(HttpResponse<?> r, String what) {
        String loc = r.headers().firstValue("Location").orElseThrow(() ->
                new RegistryException(registry, what + ": HTTP " + r.statusCode() + " without a Location"));
        return r.uri().resolve(loc);
    }

    /** Sends with the current Authorization for {@code scope}; answers a 401 challenge once, then gives up. */
    private <T> HttpResponse<T> send(HttpRequest.Builder b, HttpResponse.BodyHandler<T> h, String scope, String what) {
        String sent = auth.header(scope).orElse(null);
        boolean cached = sent != null;
        if (sent != null) {
            b.setHeader("Authorization", sent);
        }
        for (int attempt = 0; ; attempt++) {
            HttpResponse<T> r = raw(b.build(), h, what);
            if (r.statusCode() != 401) {
                if (r.statusCode() == 403) {
                    throw new RegistryException.AuthFailed(registry, what + ": access denied (" + RegistryResponses.errorText(r) + ")");
                }
                return r;
            }
            String www = r.headers().firstValue("WWW-Authenticate").orElse(null);
            String refusal = RegistryResponses.errorText(r);
            if (www == null) {
                throw new RegistryException.AuthFailed(registry, what + ": HTTP 401 without a challenge");
            }
            if (attempt == 2) {
                throw new RegistryException.AuthFailed(registry, what + ": still refused after authenticating ("
                        + refusal + ")");
            }
            sent = auth.respond(www, scope, sent, refusal, cached);
            cached = false;
            b.setHeader("Authorization", sent);
        }
    }

    private <T> HttpResponse<T> raw(HttpRequest req, HttpResponse.BodyHandler<T> h, String what) {
        try {
            return http.send(req, h);
        } catch (IOException e) {
            String why = e instanceof ConnectException ? "connection refused"
                    : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new RegistryException.Unreachable(registry, what + ": " + why, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(registry, what + ": interrupted");
        }
    }

    private void expect(HttpResponse<?> r, int status, String what) {
        if (r.statusCode() != status) {
            throw new RegistryException(registry, what + ": HTTP " + r.statusCode() + " (" + RegistryResponses.errorText(r) + ")");
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
