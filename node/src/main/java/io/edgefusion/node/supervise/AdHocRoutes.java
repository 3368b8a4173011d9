package io.edgefusion.node.supervise;

import io.edgefusion.node.api.ApiErrors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefusion.node.api.ApiRequest;
import io.edgefusion.node.api.ApiResponse;
import io.edgefusion.node.api.ApiRoutes;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/sandboxes/{id}/restart-policy} with {@code {"policy": "on-failure:3"}}: the node restarts that
 * sandbox by the policy from now on ({@code run -d --restart} calls it right after the sandbox started);
 * {@code "no"} stops doing so. Answers {@code {"schema":"edgefusion.restart-policy/v1","name":…,"policy":…}}, or
 * 400/404 in the API's error shape. Other paths: 404 (the node's router mounts this under its own table).
 */
public final class AdHocRoutes implements ApiRoutes {
    public static final Pattern PATH = Pattern.compile("/v1/sandboxes/([A-Za-z0-9][A-Za-z0-9_.-]{0,127})/restart-policy");
    private static final ObjectMapper M = new ObjectMapper();

    private final AdHocSupervisor adHoc;

    public AdHocRoutes(AdHocSupervisor adHoc) {
        this.adHoc = adHoc;
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        Matcher m = PATH.matcher(request.path());
        if (!m.matches() || !request.method().equals("POST")) {
            return error(404, "no route " + request.method() + " " + request.path());
        }
        RestartFlag flag;
        try {
            JsonNode body = M.readTree(request.body());
            flag = RestartFlag.parse(body == null || body.get("policy") == null ? "" : body.get("policy").asText());
        } catch (IOException | IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
        try {
            if (flag.mode() == io.edgefusion.node.deploy.RestartPolicy.Mode.NO) {
                adHoc.unregister(m.group(1));
                return ApiResponse.json(200, doc(m.group(1), "no"));
            }
            AdHocEntry e = adHoc.register(m.group(1), flag.mode(), flag.maxRetries());
            return ApiResponse.json(200, doc(e.name(), flag.mode().spelling()
                    + (flag.maxRetries() > 0 ? ":" + flag.maxRetries() : "")));
        } catch (io.edgefusion.sandbox.state.SandboxNames.NoSuchSandbox e) {
            return error(404, e.getMessage());
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
    }

    private static String doc(String name, String policy) {
        return M.createObjectNode().put("schema", "edgefusion.restart-policy/v1").put("name", name)
                .put("policy", policy).toString();
    }

    private static ApiResponse error(int status, String message) {
        return ApiErrors.error(status, message);
    }
}
