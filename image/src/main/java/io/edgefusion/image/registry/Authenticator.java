package io.edgefusion.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefusion.image.oci.OciJson;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Authorization header for a registry's requests: none until the registry asks (anonymous first, as the
 * distribution spec's ping does); then basic with the stored login, or a bearer token fetched from the
 * challenge's realm (with the login as basic credentials when there is one) for the request's scope, cached per
 * scope for the rest of the command.
 */
final class Authenticator {
    private final String registry;
    private final Credentials.Login login;
    private final HttpClient http;
    private volatile Challenge challenge;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    Authenticator(String registry, Credentials.Login login, HttpClient http) {
        this.registry = registry;
        this.login = login;
        this.http = http;
    }

    /** The header to send for {@code scope} now, if any. */
    Optional<String> header(String scope) {
        Challenge c = challenge;
        if (c == null) {
            return Optional.empty();
        }
        return switch (c.scheme()) {
            case "basic" -> login == null ? Optional.empty() : Optional.of("Basic " + login.basic());
            case "bearer" -> Optional.ofNullable(tokens.get(scope)).map(t -> "Bearer " + t);
            default -> Optional.empty();
        };
    }

    /**
     * Answers a 401: learns the challenge and returns the header to retry with. {@code sent} is what the refused
     * request carried; getting the same again means the credentials themselves were refused — unless it was a
     * token from the cache ({@code cached}): that one may have expired mid-command (a long pull outlives a
     * 300 s token), so a fresh one is asked once.
     */
    String respond(String wwwAuthenticate, String scope, String sent, String refusal, boolean cached) {
        Challenge c = Challenge.parse(wwwAuthenticate);
        challenge = c;
        switch (c.scheme()) {
            case "basic" -> {
                if (login == null) {
                    throw new RegistryException.AuthFailed(registry, "authentication required (" + refusal
                            + "); run edgefusion login " + registry);
                }
                String h = "Basic " + login.basic();
                if (h.equals(sent)) {
                    throw refused(refusal);
                }
                return h;
            }
            case "bearer" -> {
                if (sent != null && sent.startsWith("Bearer ") && !cached) {
                    throw refused(refusal); // a fresh token for this scope was refused: no access
                }
                return "Bearer " + freshToken(c, scope, sent);
            }
            default -> throw new RegistryException.AuthFailed(registry, "unsupported authentication scheme '"
                    + c.scheme() + "'");
        }
    }

    /**
     * One token request per scope however many requests were refused at once (a push's blobs go in parallel):
     * the first asks, the others take what it got, unless that is what they were refused with.
     */
    private String freshToken(Challenge c, String scope, String sent) {
        synchronized (locks.computeIfAbsent(scope, k -> new Object())) {
            String current = tokens.get(scope);
            if (current != null && !("Bearer " + current).equals(sent)) {
                return current;
            }
            String t = token(c, scope);
            tokens.put(scope, t);
            return t;
        }
    }

    private RegistryException.AuthFailed refused(String refusal) {
        return new RegistryException.AuthFailed(registry, login == null ? "access denied (" + refusal + "); run"
                + " edgefusion login " + registry
                : "credentials of user '" + login.user() + "' refused (" + refusal + ")");
    }

    /** The token flow: GET realm?service=…&scope=… with basic credentials when logged in. */
    private String token(Challenge c, String scope) {
        String realm = c.param("realm");
        if (realm == null) {
            throw new RegistryException.AuthFailed(registry, "bearer challenge without a realm");
        }
        Set<String> scopes = merged(scope + " " + (c.param("scope") == null ? "" : c.param("scope")));
        StringBuilder q = new StringBuilder();
        if (c.param("service") != null) {
            q.append("service=").append(enc(c.param("service")));
        }
        for (String s : scopes) {
            q.append(q.isEmpty() ? "" : "&").append("scope=").append(enc(s));
        }
        URI uri = URI.create(realm + (q.isEmpty() ? "" : (realm.contains("?") ? "&" : "?") + q));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET();
        if (login != null) {
            b.header("Authorization", "Basic " + login.basic());
        }
        HttpResponse<byte[]> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new RegistryException.Unreachable(registry, "token endpoint " + uri.getHost() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(registry, "interrupted while fetching a token");
        }
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw refused("token endpoint answered HTTP " + r.statusCode());
        }
        if (r.statusCode() != 200) {
            throw new RegistryException.AuthFailed(registry, "token endpoint answered HTTP " + r.statusCode());
        }
        JsonNode n = OciJson.parseObject(r.body(), "token response of " + uri.getHost());
        String t = n.path("token").asText(n.path("access_token").asText(""));
        if (t.isEmpty()) {
            throw new RegistryException.AuthFailed(registry, "token endpoint returned no token");
        }
        return t;
    }

    /**
     * The scopes to ask for, one per resource with the union of its actions: what the operation needs plus what
     * the challenge names (a registry may need more), without asking {@code repository:R:pull} again beside
     * {@code repository:R:pull,push} (a push's HEAD is challenged for pull).
     */
    static Set<String> merged(String scopes) {
        Map<String, Set<String>> byResource = new LinkedHashMap<>();
        for (String s : scopes.split(" ")) {
            if (s.isBlank()) {
                continue;
            }
            int colon = s.lastIndexOf(':');
            if (colon <= 0) {
                byResource.computeIfAbsent(s, k -> new LinkedHashSet<>());
                continue;
            }
            Set<String> actions = byResource.computeIfAbsent(s.substring(0, colon), k -> new LinkedHashSet<>());
            for (String a : s.substring(colon + 1).split(",")) {
                if (!a.isBlank()) {
                    actions.add(a);
                }
            }
        }
        Set<String> out = new LinkedHashSet<>();
        byResource.forEach((r, as) -> out.add(as.isEmpty() ? r : r + ":" + String.join(",", as)));
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
