package io.edgefusion.node.api;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteTableTest {
    private static ApiRequest req(String method, String path) {
        return new ApiRequest(method, path, Map.of(), new byte[0], Peer.REMOTE);
    }

    private static String body(ApiResponse r) {
        return new String(((ApiResponse.Full) r).body(), StandardCharsets.UTF_8);
    }

    @Test
    void namedSegmentsMatchOneSegmentAndLiteralsWin() {
        RouteTable t = new RouteTable();
        t.get("/v1/deployments/{name}", (r, p) -> ApiResponse.json(200, "\"" + p.get("name") + "\""));
        t.get("/v1/deployments/{name}/history", (r, p) -> ApiResponse.json(200, "\"h " + p.get("name") + "\""));
        t.get("/v1/deployments/summary", (r, p) -> ApiResponse.json(200, "\"summary\""));
        assertThat(body(t.handle(req("GET", "/v1/deployments/line%20monitor")))).isEqualTo("\"line monitor\"");
        assertThat(body(t.handle(req("GET", "/v1/deployments/a/history")))).isEqualTo("\"h a\"");
        assertThat(body(t.handle(req("GET", "/v1/deployments/summary")))).isEqualTo("\"summary\"");
        assertThat(body(t.handle(req("GET", "/v1/deployments/a/")))).isEqualTo("\"a\"");
        assertThat(t.handle(req("GET", "/v1/deployments/a/b/c")).status()).isEqualTo(404);
        assertThat(t.handle(req("HEAD", "/v1/deployments/a")).status()).isEqualTo(200);
    }

    @Test
    void errorsAreJsonWith404And405And500() {
        RouteTable t = new RouteTable();
        t.get("/v1/x", (r, p) -> ApiResponse.json(200, "{}"));
        t.post("/v1/x", (r, p) -> {
            throw new IllegalStateException("broken\non two lines");
        });
        t.delete("/v1/y/{id}", (r, p) -> {
            throw new ApiException(409, "y " + p.get("id") + ": in use");
        });
        assertThat(t.handle(req("GET", "/v1/none")).status()).isEqualTo(404);
        assertThat(body(t.handle(req("GET", "/v1/none"))))
                .isEqualTo("{\"schema\":\"edgefusion.error/v1\",\"error\":\"no route /v1/none\"}");
        assertThat(body(t.handle(req("PUT", "/v1/x"))))
                .isEqualTo("{\"schema\":\"edgefusion.error/v1\",\"error\":\"PUT /v1/x: method not allowed (allow: GET,"
                        + " POST)\"}");
        assertThat(t.handle(req("POST", "/v1/x")).status()).isEqualTo(500);
        assertThat(body(t.handle(req("POST", "/v1/x")))).contains("POST /v1/x: broken on two lines");
        assertThat(t.handle(req("DELETE", "/v1/y/7")).status()).isEqualTo(409);
        assertThat(body(t.handle(req("DELETE", "/v1/y/7")))).contains("\"error\":\"y 7: in use\"");
    }

    @Test
    void aTakenRouteIsRefusedAndAClosedOneIsGone() {
        RouteTable t = new RouteTable();
        RouteTable.Route r = t.get("/v1/a/{id}", (q, p) -> ApiResponse.json(200, "1"));
        assertThatThrownBy(() -> t.get("/v1/a/{other}", (q, p) -> ApiResponse.json(200, "2")))
                .hasMessage("route GET /v1/a/{other} is taken (/v1/a/{id})");
        assertThat(t.list()).containsExactly("GET /v1/a/{id}");
        r.close();
        assertThat(t.handle(req("GET", "/v1/a/1")).status()).isEqualTo(404);
        assertThatThrownBy(() -> t.get("v1/a", (q, p) -> null)).hasMessage("route path 'v1/a': must start with /");
    }
}
