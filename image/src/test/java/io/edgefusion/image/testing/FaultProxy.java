package io.edgefusion.image.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plain-HTTP proxy on 127.0.0.1 in front of a {@link TestRegistry} that breaks one blob on purpose: cuts its
 * response after {@code cutAfter} bytes for the first {@code cuts} requests, or flips one byte of it; or answers
 * every request with one status ({@link #failAll}, a broken mirror). It records every request line (with its
 * Range header) and counts the blob bytes it served.
 */
public final class FaultProxy implements AutoCloseable {
    private final HttpServer server;
    private final HttpClient upstream;
    private final String target;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicLong blobBytes = new AtomicLong();
    private volatile String blob;
    private volatile long cutAfter;
    private final AtomicInteger cuts = new AtomicInteger();
    private volatile boolean corrupt;
    private volatile boolean ignoreRange;
    private volatile int failAll;

    public FaultProxy(TestRegistry registry) throws Exception {
        this.target = registry.url();
        upstream = HttpClient.newBuilder().sslContext(registry.secure() ? trusting(registry) : SSLContext.getDefault())
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    private static SSLContext trusting(TestRegistry registry) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(registry.caFile())) {
            ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    public String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Cut responses for {@code digest} after {@code bytes} bytes, the next {@code times} times it is fetched. */
    public void cut(String digest, long bytes, int times) {
        blob = digest;
        cutAfter = bytes;
        cuts.set(times);
        corrupt = false;
    }

    /** Flip one byte in the middle of {@code digest}'s responses. */
    public void corrupt(String digest) {
        blob = digest;
        corrupt = true;
        cuts.set(0);
    }

    /** Drop the Range header on its way to the registry, as a server without range support would. */
    public void ignoreRange(boolean ignore) {
        ignoreRange = ignore;
    }

    /** Answer every request with {@code status} (0: proxy again) without asking the registry. */
    public void failAll(int status) {
        failAll = status;
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    public long blobBytes() {
        return blobBytes.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().toString();
            String range = ex.getRequestHeaders().getFirst("Range");
            requests.add(ex.getRequestMethod() + " " + path + (range == null ? "" : " Range: " + range));
            if (failAll != 0) {
                ex.sendResponseHeaders(failAll, -1);
                return;
            }
            HttpResponse<byte[]> r;
            try {
                r = Forwarding.send(upstream, ex, URI.create(target + path),
                        h -> !(ignoreRange && h.equals("Range")));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            Forwarding.copyHeaders(r, ex, v -> v);
            byte[] out = r.body();
            boolean isBlob = ex.getRequestMethod().equals("GET") && path.contains("/blobs/sha256:");
            boolean faulty = isBlob && blob != null && path.endsWith("/blobs/" + blob);
            if (ex.getRequestMethod().equals("HEAD") || out.length == 0) {
                ex.sendResponseHeaders(r.statusCode(), -1);
                return;
            }
            ex.sendResponseHeaders(r.statusCode(), out.length);
            OutputStream os = ex.getResponseBody();
            if (faulty && corrupt) {
                out = out.clone();
                out[out.length / 2] ^= 0x55;
            }
            if (faulty && cuts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                long n = Math.min(cutAfter, out.length - 1);
                os.write(out, 0, (int) n);
                os.flush();
                blobBytes.addAndGet(n);
                throw new IOException("cut on purpose"); // the connection closes with the body short
            }
            os.write(out);
            if (isBlob) {
                blobBytes.addAndGet(out.length);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        upstream.close();
    }
}
