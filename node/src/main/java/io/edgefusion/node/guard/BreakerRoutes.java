package io.edgefusion.node.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.guardian.breaker.BreakerState;
import io.edgefusion.guardian.breaker.BreakerTable;
import io.edgefusion.guardian.breaker.Breakers;
import io.edgefusion.guardian.breaker.CircuitBreaker;
import io.edgefusion.node.api.ApiErrors;
import io.edgefusion.node.api.ApiException;
import io.edgefusion.node.api.ApiRequest;
import io.edgefusion.node.api.ApiResponse;
import io.edgefusion.node.api.ApiRoutes;
import io.edgefusion.runtime.json.JsonDocs;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code /v1/breakers…} (docs/api.md, section Circuit breakers) over the guardian's {@link Breakers}: the list,
 * one breaker, and an operator's reset. Mounted at {@link #PREFIX}, it matches its own paths, as the deployment
 * routes do, so the dashboard's stub of {@code GET /v1/breakers} stays out. Every answer is one JSON object; a
 * refusal is the API's error shape ({@link ApiErrors}) with 400, 404, 405 or 409.
 */
public final class BreakerRoutes implements ApiRoutes {
    public static final String PREFIX = "/v1/breakers";
    public static final String LIST_SCHEMA = "edgefusion.breakers/v1";
    public static final String ONE_SCHEMA = "edgefusion.breaker/v1";
    public static final String DEFAULT_REASON = "reset by an operator";
    /** A reason is shown in tables and evidence: one line, short enough to read there. */
    static final int MAX_REASON = 200;

    private static final System.Logger LOG = System.getLogger(BreakerRoutes.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Breakers breakers;
    private final Consumer<String> afterReset;

    /**
     * @param afterReset gets {@code DEPLOYMENT/WORKLOAD} after a successful reset, on the request's thread (so it
     *                   should only start what it does): the node restarts a workload the breaker kept down
     */
    public BreakerRoutes(Breakers breakers, Consumer<String> afterReset) {
        this.breakers = Objects.requireNonNull(breakers);
        this.afterReset = Objects.requireNonNull(afterReset);
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        try {
            return route(request);
        } catch (ApiException e) {
            return ApiErrors.error(e.status(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, request.method() + " " + request.path() + ": " + e);
            return ApiErrors.error(500, request.method() + " " + request.path() + ": " + oneLine(e));
        }
    }

    private ApiResponse route(ApiRequest r) {
        String path = r.path().endsWith("/") && r.path().length() > 1
                ? r.path().substring(0, r.path().length() - 1) : r.path();
        if (!path.equals(PREFIX) && !path.startsWith(PREFIX + "/")) {
            throw new ApiException(404, "no route " + r.path());
        }
        List<String> parts = path.equals(PREFIX) ? List.of()
                : List.of(path.substring(PREFIX.length() + 1).split("/", -1));
        if (parts.stream().anyMatch(String::isEmpty) || parts.size() == 1 || parts.size() > 3
                || (parts.size() == 3 && !parts.get(2).equals("reset"))) {
            throw new ApiException(404, "no route " + r.path());
        }
        boolean read = r.method().equals("GET") || r.method().equals("HEAD");
        if (parts.isEmpty()) {
            return read ? json(200, list()) : notAllowed(r, "GET");
        }
        String name = decode(parts.get(0)) + "/" + decode(parts.get(1));
        if (parts.size() == 2) {
            return read ? json(200, one(name)) : notAllowed(r, "GET");
        }
        return r.method().equals("POST") ? json(200, reset(name, reason(r.body()))) : notAllowed(r, "POST");
    }

    private ObjectNode list() {
        ObjectNode doc = JSON.createObjectNode().put("schema", LIST_SCHEMA);
        var all = doc.putArray("breakers");
        // Breakers.list() is sorted by name already; sorting here keeps the documented order whatever it does.
        breakers.list().stream().sorted(java.util.Comparator.comparing(CircuitBreaker.View::workload))
                .forEach(v -> all.add(item(JSON.createObjectNode(), v)));
        return doc;
    }

    private ObjectNode one(String name) {
        CircuitBreaker b = breakers.get(name).orElseThrow(() -> noBreaker(name));
        return item(JSON.createObjectNode().put("schema", ONE_SCHEMA), b.view());
    }

    private ObjectNode reset(String name, String why) {
        CircuitBreaker b = breakers.get(name).orElseThrow(() -> noBreaker(name));
        if (b.state() == BreakerState.CLOSED) {
            throw closedAlready(name);
        }
        try {
            breakers.reset(name, why);
        } catch (Breakers.NoBreaker e) {
            throw noBreaker(name); // unregistered since the look-up: its deployment went away
        } catch (BreakerTable.IllegalBreakerTransition e) {
            throw closedAlready(name); // closed since the look-up: another reset, or its probe period passed
        }
        // The breaker as the reset left it, before the restart can move it again.
        ObjectNode after = item(JSON.createObjectNode().put("schema", ONE_SCHEMA), b.view());
        try {
            afterReset.accept(name);
        } catch (RuntimeException e) {
            // The reset stands (persisted, in the evidence); say so, or the operator would reset again and get 409.
            LOG.log(System.Logger.Level.WARNING, "breaker of " + name + " reset; restarting it failed: " + e);
            throw new ApiException(500, "breaker of " + name + " is closed, but restarting the workload failed: "
                    + oneLine(e));
        }
        return after;
    }

    /** The body is empty (the default reason) or {@code {"reason": "one line"}}. */
    private static String reason(byte[] body) {
        if (body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
            return DEFAULT_REASON;
        }
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (IOException e) {
            throw badBody();
        }
        if (n == null || !n.isObject() || (n.has("reason") && !n.get("reason").isTextual())) {
            throw badBody();
        }
        if (!n.has("reason")) {
            return DEFAULT_REASON;
        }
        String why = n.get("reason").asText().strip();
        if (why.isEmpty()) {
            throw new ApiException(400, "reason: empty (leave it out for \"" + DEFAULT_REASON + "\")");
        }
        if (why.chars().anyMatch(Character::isISOControl)) {
            throw new ApiException(400, "reason: must be one line (no line breaks or control characters)");
        }
        if (why.length() > MAX_REASON) {
            throw new ApiException(400, "reason: " + why.length() + " characters, at most " + MAX_REASON);
        }
        return why;
    }

    /**
     * One breaker as the dashboard and {@code breaker ls} read it. {@code failures} counts the failures kept in
     * the window; {@code openedAt} is when it last opened, while it is not closed; {@code reason} is null until
     * something moved it; {@code nextChange} is when it changes by itself (half-opens, closes), else null.
     */
    private ObjectNode item(ObjectNode o, CircuitBreaker.View v) {
        String name = v.workload();
        int slash = name.indexOf('/');
        Optional<Instant> opened = switch (v.state()) {
            case CLOSED -> Optional.empty();
            case OPEN -> Optional.of(v.since());
            case HALF_OPEN -> breakers.openedAt(name); // its since is the half-opening; the trip knows the opening
        };
        o.put("deployment", slash < 0 ? "" : name.substring(0, slash));
        o.put("workload", name.substring(slash + 1));
        o.put("name", name);
        o.put("state", v.state().label());
        o.put("failures", v.failures().size());
        o.put("since", time(v.since()));
        o.put("openedAt", opened.map(BreakerRoutes::time).orElse(null));
        o.put("reason", v.reason() == null || v.reason().isEmpty() ? null : v.reason());
        o.put("nextChange", v.nextChange().map(BreakerRoutes::time).orElse(null));
        return o;
    }

    private static ApiResponse json(int status, ObjectNode body) {
        return ApiResponse.json(status, body.toString());
    }

    private static String time(Instant t) {
        return JsonDocs.time(t.toEpochMilli());
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment, StandardCharsets.UTF_8);
    }

    private static ApiException noBreaker(String name) {
        return new ApiException(404, "no breaker for workload " + name);
    }

    private static ApiException closedAlready(String name) {
        return new ApiException(409, "breaker of " + name + " is closed already");
    }

    private static ApiException badBody() {
        return new ApiException(400, "request body: expected nothing or a JSON object {\"reason\": \"one line\"}");
    }

    private static ApiResponse notAllowed(ApiRequest r, String allowed) {
        return ApiErrors.error(405, r.method() + " " + r.path() + ": method not allowed (allow: " + allowed + ")");
    }

    private static String oneLine(Throwable e) {
        return (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()).replace('\n', ' ');
    }
}
