package io.edgefusion.node.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefusion.guardian.EvidenceSink;
import io.edgefusion.guardian.WorkloadRef;
import io.edgefusion.guardian.breaker.BreakerConfig;
import io.edgefusion.guardian.breaker.BreakerStore;
import io.edgefusion.guardian.breaker.Breakers;
import io.edgefusion.guardian.breaker.Isolation;
import io.edgefusion.guardian.breaker.Rollbacks;
import io.edgefusion.guardian.breaker.TripRunner;
import io.edgefusion.guardian.breaker.TripStore;
import io.edgefusion.guardian.check.CheckOutcome;
import io.edgefusion.guardian.store.JdbcSql;
import io.edgefusion.node.api.ApiRequest;
import io.edgefusion.node.api.ApiResponse;
import io.edgefusion.node.api.Peer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The breaker routes over a real {@link Breakers} on SQLite, with time moved by hand and trips not taken. */
class BreakerRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-12-01T20:33:12.123Z");

    @TempDir
    Path dir;

    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final InstantSource clock = now::get;
    private final List<String> evidence = new CopyOnWriteArrayList<>();
    private final List<String> restarted = new CopyOnWriteArrayList<>();
    private final List<Runnable> tripsNotTaken = new ArrayList<>();
    private JdbcSql sql;
    private Breakers breakers;
    private BreakerRoutes routes;

    @BeforeEach
    void breakers() {
        sql = JdbcSql.open(dir.resolve("state.db"));
        TripStore trips = new TripStore(sql);
        Isolation none = new Isolation() {
            public Isolated isolate(String id) {
                throw new AssertionError("trips are not taken in this test");
            }

            public void discard(String id) {
                throw new AssertionError("trips are not taken in this test");
            }
        };
        Rollbacks rb = (t, w, r) -> {
            throw new AssertionError("trips are not taken in this test");
        };
        EvidenceSink ev = (kind, subject, payload) -> evidence.add(kind + " " + subject + " " + payload);
        TripRunner runner = new TripRunner(trips, none, rb, (t, s, c) -> {
            throw new AssertionError("trips are not taken in this test");
        }, ev, clock);
        // A trip is the guardian's business (its own tests): here it is only persisted, never run.
        breakers = new Breakers(new BreakerStore(sql), trips, runner, ev, clock, tripsNotTaken::add);
        routes = new BreakerRoutes(breakers, restarted::add);
    }

    @AfterEach
    void close() {
        sql.close();
    }

    private void open(String name, int failures) {
        for (int i = 0; i < failures; i++) {
            breakers.failed(new WorkloadRef(name, "2", "sandbox-" + i), new CheckOutcome.Failed("health", "http",
                    "GET :8080/healthz answered 503"));
        }
    }

    private record Answer(int status, JsonNode body) {
    }

    private Answer call(String method, String path, String body) throws Exception {
        ApiResponse r = routes.handle(new ApiRequest(method, path, Map.of(), body.getBytes(StandardCharsets.UTF_8),
                new Peer(1, 0, 0)));
        assertThat(r).isInstanceOf(ApiResponse.Full.class);
        assertThat(r.contentType()).isEqualTo("application/json");
        return new Answer(r.status(), JSON.readTree(((ApiResponse.Full) r).body()));
    }

    private Answer get(String path) throws Exception {
        return call("GET", path, "");
    }

    private static void error(Answer a, int status, String message) {
        assertThat(a.status()).as(a.body().toString()).isEqualTo(status);
        assertThat(a.body().toString()).isEqualTo("{\"schema\":\"edgefusion.error/v1\",\"error\":"
                + JSON.valueToTree(message) + "}");
    }

    @Test
    void theListIsEveryBreakerSortedByNameInTheDocumentedShape() throws Exception {
        assertThat(get("/v1/breakers").body().toString())
                .isEqualTo("{\"schema\":\"edgefusion.breakers/v1\",\"breakers\":[]}");
        breakers.register("web/app", BreakerConfig.defaults());
        breakers.register("db/pg", BreakerConfig.defaults());
        open("web/app", 1);
        open("shop/api", 3);

        Answer a = get("/v1/breakers");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().fieldNames().next()).isEqualTo("schema");
        JsonNode list = a.body().get("breakers");
        assertThat(list.findValuesAsText("name")).containsExactly("db/pg", "shop/api", "web/app");

        JsonNode db = list.get(0);
        assertThat(db.toString()).isEqualTo("{\"deployment\":\"db\",\"workload\":\"pg\",\"name\":\"db/pg\","
                + "\"state\":\"closed\",\"failures\":0,\"since\":\"2026-12-01T20:33:12.123Z\",\"openedAt\":null,"
                + "\"reason\":null,\"nextChange\":null}");
        assertThat(list.get(2).get("failures").asInt()).as("one failure counted, still closed").isEqualTo(1);
        assertThat(list.get(2).get("state").asText()).isEqualTo("closed");

        JsonNode shop = list.get(1);
        assertThat(shop.get("deployment").asText()).isEqualTo("shop");
        assertThat(shop.get("workload").asText()).isEqualTo("api");
        assertThat(shop.get("state").asText()).isEqualTo("open");
        assertThat(shop.get("failures").asInt()).as("an open breaker counts afresh").isZero();
        assertThat(shop.get("openedAt").asText()).isEqualTo("2026-12-01T20:33:12.123Z");
        assertThat(shop.get("since").asText()).isEqualTo("2026-12-01T20:33:12.123Z");
        assertThat(shop.get("nextChange").asText()).as("the 10 s cool-down").isEqualTo("2026-12-01T20:33:22.123Z");
        assertThat(shop.get("reason").asText()).isEqualTo("3 failures within 30 s; last: health: GET"
                + " :8080/healthz answered 503");
        assertThat(tripsNotTaken).as("the opening started one trip").hasSize(1);

        assertThat(call("HEAD", "/v1/breakers", "").status()).isEqualTo(200);
        assertThat(get("/v1/breakers/").body().get("breakers")).hasSize(3);
    }

    @Test
    void oneBreakerHasItsOwnSchemaAndAHalfOpenOneKeepsWhenItOpened() throws Exception {
        open("shop/api", 3);
        now.set(T0.plus(Duration.ofSeconds(11)));
        breakers.tick();

        Answer a = get("/v1/breakers/shop/api");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().get("schema").asText()).isEqualTo("edgefusion.breaker/v1");
        assertThat(a.body().fieldNames().next()).isEqualTo("schema");
        assertThat(a.body().get("name").asText()).isEqualTo("shop/api");
        assertThat(a.body().get("state").asText()).isEqualTo("half-open");
        assertThat(a.body().get("since").asText()).isEqualTo("2026-12-01T20:33:23.123Z");
        assertThat(a.body().get("openedAt").asText()).as("the opening, not the half-opening")
                .isEqualTo("2026-12-01T20:33:12.123Z");
        assertThat(a.body().get("nextChange").asText()).as("the 10 s probe period")
                .isEqualTo("2026-12-01T20:33:33.123Z");
        assertThat(a.body().get("reason").asText()).startsWith("cool-down of 10 s over");

        error(get("/v1/breakers/shop/nope"), 404, "no breaker for workload shop/nope");
        error(get("/v1/breakers/shop"), 404, "no route /v1/breakers/shop");
        error(get("/v1/breakers/shop/api/history"), 404, "no route /v1/breakers/shop/api/history");
        error(get("/v1/breakers//api"), 404, "no route /v1/breakers//api");
        error(call("DELETE", "/v1/breakers/shop/api", ""), 405,
                "DELETE /v1/breakers/shop/api: method not allowed (allow: GET)");
        error(call("POST", "/v1/breakers", ""), 405, "POST /v1/breakers: method not allowed (allow: GET)");
        error(get("/v1/breakers/shop/api/reset"), 405,
                "GET /v1/breakers/shop/api/reset: method not allowed (allow: POST)");
    }

    @Test
    void aResetClosesAnOpenBreakerRecordsItAndHandsTheWorkloadOn() throws Exception {
        open("shop/api", 3);
        now.set(T0.plusSeconds(2));
        Answer a = call("POST", "/v1/breakers/shop/api/reset", "");
        assertThat(a.status()).as(a.body().toString()).isEqualTo(200);
        assertThat(a.body().toString()).isEqualTo("{\"schema\":\"edgefusion.breaker/v1\",\"deployment\":\"shop\","
                + "\"workload\":\"api\",\"name\":\"shop/api\",\"state\":\"closed\",\"failures\":0,"
                + "\"since\":\"2026-12-01T20:33:14.123Z\",\"openedAt\":null,\"reason\":\"reset by an operator\","
                + "\"nextChange\":null}");
        assertThat(restarted).containsExactly("shop/api");
        assertThat(evidence.getLast()).startsWith("breaker.transition shop/api ")
                .contains("\"from\":\"open\"", "\"to\":\"closed\"", "\"cause\":\"reset\"");

        error(call("POST", "/v1/breakers/shop/api/reset", ""), 409, "breaker of shop/api is closed already");
        error(call("POST", "/v1/breakers/shop/nope/reset", ""), 404, "no breaker for workload shop/nope");
        assertThat(restarted).as("only a reset that took effect hands the workload on").containsExactly("shop/api");

        // Persisted: a new Breakers on the same database (a node restart) reads it closed.
        Breakers again = new Breakers(new BreakerStore(sql), new TripStore(sql), null, (k, s, p) -> { }, clock,
                r -> { });
        assertThat(again.register("shop/api", BreakerConfig.defaults()).view().reason())
                .isEqualTo("reset by an operator");
    }

    @Test
    void aResetTakesTheOperatorsReasonAndRefusesABadBody() throws Exception {
        open("shop/api", 3);
        error(call("POST", "/v1/breakers/shop/api/reset", "{\"reason\":\"\"}"), 400,
                "reason: empty (leave it out for \"reset by an operator\")");
        error(call("POST", "/v1/breakers/shop/api/reset", "{\"reason\":\"a\\nb\"}"), 400,
                "reason: must be one line (no line breaks or control characters)");
        error(call("POST", "/v1/breakers/shop/api/reset", "{\"reason\":\"" + "x".repeat(201) + "\"}"), 400,
                "reason: 201 characters, at most 200");
        error(call("POST", "/v1/breakers/shop/api/reset", "{\"reason\":3}"), 400,
                "request body: expected nothing or a JSON object {\"reason\": \"one line\"}");
        error(call("POST", "/v1/breakers/shop/api/reset", "not json"), 400,
                "request body: expected nothing or a JSON object {\"reason\": \"one line\"}");
        assertThat(restarted).as("a refused body resets nothing").isEmpty();
        assertThat(breakers.get("shop/api").orElseThrow().view().state().label()).isEqualTo("open");

        Answer a = call("POST", "/v1/breakers/shop/api/reset", "{\"reason\":\"fixed the probe port\"}");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().get("reason").asText()).isEqualTo("fixed the probe port");
        assertThat(call("POST", "/v1/breakers/shop/api/reset", "{}").status()).as("closed now").isEqualTo(409);
    }

    @Test
    void aFailedRestartAfterTheResetSaysTheResetStands() throws Exception {
        routes = new BreakerRoutes(breakers, w -> {
            throw new IllegalStateException("workload " + w + ": no revision to start");
        });
        open("shop/api", 3);
        error(call("POST", "/v1/breakers/shop/api/reset", ""), 500, "breaker of shop/api is closed, but restarting"
                + " the workload failed: workload shop/api: no revision to start");
        assertThat(get("/v1/breakers/shop/api").body().get("state").asText()).isEqualTo("closed");
    }

    @Test
    void pathsOutsideThePrefixAreNotItsOwn() throws Exception {
        error(get("/v1/breakersx"), 404, "no route /v1/breakersx");
    }
}
