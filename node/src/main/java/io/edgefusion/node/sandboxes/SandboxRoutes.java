package io.edgefusion.node.sandboxes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.kernel.cgroup.LimitSettings;
import io.edgefusion.node.api.ApiException;
import io.edgefusion.node.api.ApiRequest;
import io.edgefusion.node.api.ApiResponse;
import io.edgefusion.node.api.RouteTable;
import io.edgefusion.runtime.Launcher;
import io.edgefusion.runtime.json.JsonDocs;
import io.edgefusion.runtime.json.PsJson;
import io.edgefusion.runtime.spec.LaunchRequest;
import io.edgefusion.runtime.spec.SandboxOptions;
import io.edgefusion.sandbox.Attach;
import io.edgefusion.sandbox.LimitRules;
import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.Sizes;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/sandboxes} (the {@code ps -a} document) and {@code POST /v1/sandboxes/run}: start a sandbox,
 * wait for it to exit, answer its exit code — a program's way to run short jobs on a node without a CLI per job.
 * Output goes nowhere (the job writes files or is judged by its code); {@code "rm": false} keeps the sandbox.
 */
public final class SandboxRoutes {
    private final Launcher launcher;

    public SandboxRoutes(Path root, InstantSource clock) {
        this.launcher = Launcher.of(root, Path.of("/"), clock);
    }

    public List<RouteTable.Route> addTo(RouteTable api) {
        return List.of(api.get("/v1/sandboxes", (r, p) -> list()), api.post("/v1/sandboxes/run", (r, p) -> run(r)));
    }

    private ApiResponse list() {
        return ApiResponse.json(200, PsJson.document(launcher.sandboxes().list()).toString());
    }

    private ApiResponse run(ApiRequest r) throws IOException {
        JsonNode body;
        try {
            body = JsonDocs.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new ApiException(400, "body: not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (body == null || !body.isObject() || !body.path("source").isTextual()) {
            throw new ApiException(400, "body: expected {\"source\": ROOTFS or IMAGE, \"command\": [...], ...}");
        }
        if (!Path.of(body.get("source").asText()).isAbsolute() && !body.get("source").asText().contains(":")
                && body.get("source").asText().startsWith(".")) {
            throw new ApiException(400, "source " + body.get("source").asText() + ": a path must be absolute");
        }
        List<String> command = new ArrayList<>();
        body.path("command").forEach(c -> command.add(c.asText()));
        Map<String, String> env = new LinkedHashMap<>();
        body.path("env").properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
        LaunchRequest req = new LaunchRequest(body.get("source").asText(),
                body.path("name").isTextual() ? body.get("name").asText() : null, command, env, null, null,
                limits(body), false, body.path("rm").asBoolean(true), SandboxOptions.DEFAULT);
        Sandboxes.RunResult res = launcher.launch(req, Attach.output(OutputStream.nullOutputStream()));
        ObjectNode doc = JsonDocs.document("edgefusion.sandbox.run/v1");
        doc.put("id", res.id());
        doc.put("name", res.name());
        doc.put("exitCode", res.exitCode());
        return ApiResponse.json(200, doc.toString());
    }

    private static LimitSettings limits(JsonNode body) {
        LimitSettings l = LimitSettings.none();
        if (body.path("memory").isTextual()) {
            String m = body.get("memory").asText();
            long bytes = Sizes.parse("memory", m);
            LimitRules.memory(m, bytes);
            l = l.withMemory(bytes);
        }
        if (body.path("cpus").isNumber()) {
            double n = body.get("cpus").asDouble();
            LimitRules.cpus(body.get("cpus").asText(), n);
            l = l.withCpus(n);
        }
        if (body.path("pids").isNumber()) {
            l = l.withPidsMax(body.get("pids").asLong());
        }
        return l;
    }
}
