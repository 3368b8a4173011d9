package io.edgefusion.cli.sandbox;

import io.edgefusion.node.api.ApiRequest;
import io.edgefusion.node.api.ApiResponse;
import io.edgefusion.node.api.ApiRoutes;
import io.edgefusion.node.api.NodeApi;
import io.edgefusion.node.api.Peer;
import io.edgefusion.node.deploy.RestartPolicy;
import io.edgefusion.node.supervise.RestartFlag;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code run --restart POLICY}: checked before the sandbox is made (a policy needs a node to keep it, and a
 * detached sandbox that outlives the command), handed to the node once it runs.
 */
record RestartRequest(String policy, ApiRoutes node) {
    /** Null for no policy; throws one line when the policy cannot be kept. */
    static RestartRequest check(String policy, Path root, boolean detach, boolean rm) {
        if (policy == null || RestartFlag.parse(policy).mode() == RestartPolicy.Mode.NO) {
            return null;
        }
        ApiRoutes node = NodeApi.find(root).orElseThrow(() -> new IllegalArgumentException("--restart " + policy
                + ": no node serves " + root + " (start one with edgefusion --root " + root + " node): restarts"
                + " are the node's"));
        if (!detach) {
            throw new IllegalArgumentException("--restart " + policy + " needs -d: the node restarts a detached"
                    + " sandbox");
        }
        if (rm) {
            throw new IllegalArgumentException("--restart " + policy + " and --rm: a sandbox removed when it exits"
                    + " cannot be restarted");
        }
        return new RestartRequest(policy, node);
    }

    void send(String id) {
        String body = "{\"policy\":\"" + policy.strip() + "\"}";
        ApiResponse r = node.handle(new ApiRequest("POST", "/v1/sandboxes/" + id + "/restart-policy", Map.of(),
                body.getBytes(StandardCharsets.UTF_8), new Peer(ProcessHandle.current().pid(), 0, 0)));
        if (r.status() != 200) {
            String detail = r instanceof ApiResponse.Full f ? new String(f.body(), StandardCharsets.UTF_8) : "";
            throw new IllegalStateException("--restart " + policy + ": the node refused it (" + r.status() + " "
                    + detail + "); sandbox " + id.substring(0, 12) + " runs without a restart policy");
        }
    }
}
