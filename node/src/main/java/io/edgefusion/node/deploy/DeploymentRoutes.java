package io.edgefusion.node.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.node.api.ApiRequest;
import io.edgefusion.node.api.ApiResponse;
import io.edgefusion.node.api.ApiRoutes;
import io.edgefusion.node.deploy.DeploymentRefused.Kind;

import java.io.IOException;
import java.util.List;
import java.util.OptionalInt;

/**
 * {@code /v1/deployments…} (docs/api.md, section Deployments): the path is matched here, so the node's route
 * table only needs to send everything under {@link DeploymentService#PREFIX} to {@link DeploymentService#routes()}. Every answer
 * is one JSON object; a refusal is the API's error shape ({@code ApiErrors}) with 400, 404, 405 or 409.
 */
final class DeploymentRoutes implements ApiRoutes {
    static final String PREFIX = DeploymentService.PREFIX;
    private final DeploymentService service;

    DeploymentRoutes(DeploymentService service) {
        this.service = service;
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        try {
            return route(request);
        } catch (InvalidDeploymentException e) {
            ObjectNode body = DeploymentJson.error(e.getMessage());
            var all = body.putArray("problems");
            e.problems().forEach(p -> all.add(p.toString()));
            return json(400, body);
        } catch (DeploymentRefused e) {
            int status = switch (e.kind()) {
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
                case BAD_REQUEST -> 400;
            };
            return json(status, DeploymentJson.error(e.getMessage()));
        } catch (RuntimeException e) {
            return json(500, DeploymentJson.error(e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().replace('\n', ' ')));
        }
    }

    private ApiResponse route(ApiRequest r) {
        String path = r.path();
        if (!path.equals(PREFIX) && !path.startsWith(PREFIX + "/")) {
            return json(404, DeploymentJson.error("no route " + r.method() + " " + path));
        }
        List<String> parts = path.equals(PREFIX) ? List.of()
                : List.of(path.substring(PREFIX.length() + 1).split("/", -1));
        if (parts.isEmpty()) {
            return switch (r.method()) {
                case "GET" -> json(200, DeploymentJson.list(service.list("true".equals(r.query().get("all")))));
                case "POST" -> json(200, DeploymentJson.result(deploy(r.body())));
                default -> notAllowed(r, "GET, POST");
            };
        }
        String name = parts.getFirst();
        if (!DeploymentNames.valid(name) || parts.size() > 2) {
            return json(404, DeploymentJson.error("no route " + r.method() + " " + path));
        }
        if (parts.size() == 1) {
            return switch (r.method()) {
                case "GET" -> json(200, DeploymentJson.deployment(service.get(name)));
                case "DELETE" -> json(200, DeploymentJson.deployment(service.undeploy(name)));
                default -> notAllowed(r, "GET, DELETE");
            };
        }
        return switch (parts.get(1)) {
            case "history" -> r.method().equals("GET")
                    ? json(200, DeploymentJson.history(service.get(name), service.history(name)))
                    : notAllowed(r, "GET");
            case "rollback" -> r.method().equals("POST")
                    ? json(200, DeploymentJson.result(service.rollback(name, to(r))))
                    : notAllowed(r, "POST");
            default -> json(404, DeploymentJson.error("no route " + r.method() + " " + path));
        };
    }

    /** The body is {@code {"path": "/abs/deploy.yaml", "text": "name: …"}}: the file as the client read it. */
    private DeploymentService.Result deploy(byte[] body) {
        JsonNode n;
        try {
            n = DeploymentJson.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw badBody();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (n == null || !n.isObject() || !n.path("path").isTextual() || !n.path("text").isTextual()) {
            throw badBody();
        }
        return service.deploy(n.get("path").asText(), n.get("text").asText());
    }

    private static DeploymentRefused badBody() {
        return new DeploymentRefused(Kind.BAD_REQUEST, "request body: expected a JSON object {\"path\": \"/abs/FILE\","
                + " \"text\": \"the file's YAML\"}");
    }

    private static OptionalInt to(ApiRequest r) {
        String to = r.query().get("to");
        if (to == null) {
            return OptionalInt.empty();
        }
        try {
            int n = Integer.parseInt(to);
            if (n >= 1) {
                return OptionalInt.of(n);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new DeploymentRefused(Kind.BAD_REQUEST, "to=" + to + ": a revision is a number from 1");
    }

    private static ApiResponse notAllowed(ApiRequest r, String allowed) {
        return json(405, DeploymentJson.error(r.method() + " " + r.path() + ": not allowed (use " + allowed + ")"));
    }

    private static ApiResponse json(int status, ObjectNode body) {
        return ApiResponse.json(status, body.toString());
    }
}
