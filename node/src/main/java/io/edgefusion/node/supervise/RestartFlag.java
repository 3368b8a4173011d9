package io.edgefusion.node.supervise;

import io.edgefusion.node.deploy.RestartPolicy;

/**
 * {@code run --restart no|on-failure[:N]|always}, parsed (docker's spelling).
 *
 * @param maxRetries on-failure's N; 0 = no limit
 */
public record RestartFlag(RestartPolicy.Mode mode, int maxRetries) {
    public static RestartFlag parse(String text) {
        String t = text.strip();
        if (t.equals("no")) {
            return new RestartFlag(RestartPolicy.Mode.NO, 0);
        }
        if (t.equals("always")) {
            return new RestartFlag(RestartPolicy.Mode.ALWAYS, 0);
        }
        if (t.equals("on-failure")) {
            return new RestartFlag(RestartPolicy.Mode.ON_FAILURE, 0);
        }
        if (t.startsWith("on-failure:") && t.substring(11).matches("[1-9][0-9]{0,8}")) {
            return new RestartFlag(RestartPolicy.Mode.ON_FAILURE, Integer.parseInt(t.substring(11)));
        }
        throw new IllegalArgumentException("--restart " + text + ": expected no, on-failure[:N] (N >= 1) or always");
    }
}
