package io.edgefusion.image.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A registry with bearer-token auth as Docker Hub and cloud registries do it: a plain-HTTP front on 127.0.0.1
 * that answers {@code /v2/…} without a token granting what the request needs with {@code 401} and
 * {@code WWW-Authenticate: Bearer realm="…/token",service="…",scope="repository:NAME:pull[,push]"}, serves the
 * token endpoint itself (basic credentials {@link TestRegistry#USER}/{@link TestRegistry#PASSWORD}; anonymous
 * callers get pull only when {@code anonymousPull}), and proxies authorised requests to a plain
 * {@link TestRegistry}. Blob GETs are redirected to {@code /storage/…} on the front (a storage backend, which must
 * not be sent the token), and upload Locations are rewritten to the front. It records every token request.
 */
public final class TokenFront implements AutoCloseable {
    public static final String SERVICE = "edgefusion-test-registry";

    /** What the token endpoint was asked: by whom (null: anonymous), for which scopes, and what it answered. */
    public record TokenRequest(String user, String service, List<String> scopes, int status) {
    }

    /** A request to the storage path: whether it carried an Authorization header. */
    public record StorageFetch(String path, boolean authorization) {
    }

    private final HttpServer server;
    private final HttpClient upstream = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1).build();
    private final String backend;
    private final boolean anonymousPull;
    /** token → granted {@code repo:action} pairs. */
    private final Map<String, Set<String>> tokens = new ConcurrentHashMap<>();
    private final List<TokenRequest> tokenRequests = new CopyOnWriteArrayList<>();
    private final List<StorageFetch> storage = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> uses = new ConcurrentHashMap<>();
    private volatile int lifetime = Integer.MAX_VALUE;

    public TokenFront(TestRegistry backend, boolean anonymousPull) throws IOException {
        this.backend = backend.url();
        this.anonymousPull = anonymousPull;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/token", this::token);
        server.createContext("/storage/", this::storage);
        server.createContext("/v2/", this::registry);
        server.start();
    }

    public String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private String url() {
        return "http://" + host();
    }

    /** From now on a token expires after {@code requests} authorised requests (a short-lived token). */
    public void expireAfter(int requests) {
        lifetime = requests;
    }

    public List<TokenRequest> tokenRequests() {
        return List.copyOf(tokenRequests);
    }

    public List<StorageFetch> storageFetches() {
        return List.copyOf(storage);
    }

    private void token(HttpExchange ex) throws IOException {
        try (ex) {
            List<String> scopes = new ArrayList<>();
            String service = null;
            String q = ex.getRequestURI().getRawQuery();
            for (String kv : q == null ? new String[0] : q.split("&")) {
                int eq = kv.indexOf('=');
                String k = eq < 0 ? kv : kv.substring(0, eq);
                String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
                if (k.equals("scope")) {
                    scopes.add(v);
                } else if (k.equals("service")) {
                    service = v;
                }
            }
            String user = null;
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth != null) {
                String pair = auth.startsWith("Basic ")
                        ? new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8) : "";
                if (!pair.equals(TestRegistry.USER + ":" + TestRegistry.PASSWORD)) {
                    tokenRequests.add(new TokenRequest(pair.split(":", 2)[0], service, scopes, 401));
                    json(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"incorrect username or"
                            + " password\"}]}");
                    return;
                }
                user = TestRegistry.USER;
            }
            Set<String> grants = ConcurrentHashMap.newKeySet();
            for (String s : scopes) {
                String[] p = s.split(":"); // repository:NAME:ACTIONS (names have no colon here)
                if (p.length == 3 && p[0].equals("repository")) {
                    for (String action : p[2].split(",")) {
                        if (user != null || (anonymousPull && action.equals("pull"))) {
                            grants.add(p[1] + ":" + action);
                        }
                    }
                }
            }
            String t = UUID.randomUUID().toString();
            tokens.put(t, grants);
            tokenRequests.add(new TokenRequest(user, service, scopes, 200));
            json(ex, 200, "{\"token\":\"" + t + "\",\"access_token\":\"" + t + "\",\"expires_in\":300}");
        }
    }

    private void registry(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            String query = ex.getRequestURI().getRawQuery();
            List<String> needs = new ArrayList<>();
            String repo = repository(path);
            if (repo != null) {
                boolean read = ex.getRequestMethod().equals("GET") || ex.getRequestMethod().equals("HEAD");
                needs.add(repo + ":pull");
                if (!read) {
                    needs.add(repo + ":push");
                }
            }
            String from = param(query, "from");
            if (from != null) {
                needs.add(from + ":pull");
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7).trim() : "";
            Set<String> grants = tokens.get(token);
            boolean expired = grants != null && uses.computeIfAbsent(token, t -> new AtomicInteger())
                    .incrementAndGet() > lifetime;
            if (grants == null || expired || !grants.containsAll(needs)) {
                String scope = repo == null ? "" : ",scope=\"repository:" + repo + ":"
                        + (needs.contains(repo + ":push") ? "pull,push" : "pull") + "\"";
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"" + url() + "/token\",service=\""
                        + SERVICE + "\"" + scope + (expired ? ",error=\"invalid_token\"" : ""));
                json(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}");
                return;
            }
            if (ex.getRequestMethod().equals("GET") && path.contains("/blobs/sha256:")) {
                // where a cloud registry sends blob downloads: storage that must not see the token
                ex.getResponseHeaders().add("Location", url() + "/storage" + path);
                ex.sendResponseHeaders(307, -1);
                return;
            }
            proxy(ex, path + (query == null ? "" : "?" + query));
        }
    }

    private void storage(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath().substring("/storage".length());
            storage.add(new StorageFetch(path, ex.getRequestHeaders().containsKey("Authorization")));
            proxy(ex, path);
        }
    }

    private void proxy(HttpExchange ex, String pathAndQuery) throws IOException {
        HttpResponse<byte[]> r;
        try {
            // the front checked the token; the backend has no auth of its own
            r = Forwarding.send(upstream, ex, URI.create(backend + pathAndQuery), h -> !h.equals("Authorization"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        // the backend names itself in upload Locations: the client must come back through the front
        Forwarding.copyHeaders(r, ex, v -> v.replace(backend, url()));
        byte[] out = r.body();
        if (ex.getRequestMethod().equals("HEAD") || out.length == 0) {
            ex.sendResponseHeaders(r.statusCode(), -1);
            return;
        }
        ex.sendResponseHeaders(r.statusCode(), out.length);
        ex.getResponseBody().write(out);
    }

    /** NAME of {@code /v2/NAME/(manifests|blobs|tags)/…}; null for {@code /v2/} itself. */
    private static String repository(String path) {
        for (String kind : List.of("/manifests/", "/blobs/", "/tags/")) {
            int at = path.lastIndexOf(kind);
            if (at > 4) {
                return path.substring(4, at);
            }
        }
        return null;
    }

    private static String param(String query, String name) {
        for (String kv : query == null ? new String[0] : query.split("&")) {
            if (kv.startsWith(name + "=")) {
                return URLDecoder.decode(kv.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void json(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    @Override
    public void close() {
        server.stop(0);
        upstream.close();
    }
}
