package io.edgefusion.node.ui;

import io.edgefusion.node.api.ApiResponse;
import io.edgefusion.node.api.ApiRoutes;

/**
 * {@code GET /v1/breakers} while no circuit breaker serves it: no breakers. The dashboard reads this shape
 * ({@code edgefusion.breakers/v1}); the guardian's breaker component answers the real one, and when it runs the
 * stub is not mounted (or its route wins over the stub's mount).
 */
final class BreakerStub {
    static final String SCHEMA = "edgefusion.breakers/v1";

    private BreakerStub() {
    }

    static ApiRoutes routes() {
        return r -> r.path().equals("/v1/breakers") && r.method().matches("GET|HEAD")
                ? ApiResponse.json(200, "{\"schema\":\"" + SCHEMA + "\",\"breakers\":[]}")
                : io.edgefusion.node.api.ApiErrors.notFound("no route " + r.path());
    }
}
