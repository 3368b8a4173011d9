package io.edgefusion.node.deploy;

/** How a rollout ended: {@code ok}, or not with one line saying why (e.g. "api: health check failed 3 times"). */
public record RolloutResult(boolean ok, String reason) {
}
