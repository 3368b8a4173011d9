package io.edgefusion.node.supervise;

import io.edgefusion.node.deploy.RestartPolicy;

import java.util.OptionalInt;

/** Whether an ended workload runs again, by its policy (docker's meanings), and why, for the event. */
public record RestartDecision(boolean restart, String reason) {
    /**
     * {@code no}: never. {@code on-failure}: when the exit code is not 0 (a vanished sandbox or a health kill
     * counts as a failure), at most {@code maxRetries} times when given. {@code always}: every time.
     *
     * @param exitCode the workload's code, or empty when its sandbox vanished without one (reaper died)
     * @param restarts how often it was restarted already
     */
    public static RestartDecision of(RestartPolicy.Mode mode, OptionalInt exitCode, int restarts,
                                     OptionalInt maxRetries) {
        String code = exitCode.isPresent() ? "exit code " + exitCode.getAsInt() : "vanished without an exit code";
        return switch (mode) {
            case NO -> new RestartDecision(false, "restart policy no (" + code + ")");
            case ALWAYS -> new RestartDecision(true, "restart policy always (" + code + ")");
            case ON_FAILURE -> {
                if (exitCode.isPresent() && exitCode.getAsInt() == 0) {
                    yield new RestartDecision(false, "restart policy on-failure: exit code 0");
                }
                if (maxRetries.isPresent() && restarts >= maxRetries.getAsInt()) {
                    yield new RestartDecision(false, "restart policy on-failure:" + maxRetries.getAsInt()
                            + ": " + restarts + " restarts used (" + code + ")");
                }
                yield new RestartDecision(true, "restart policy on-failure (" + code + ")");
            }
        };
    }
}
