package io.edgefusion.sandbox;

import io.edgefusion.sandbox.launch.CallerTerminal;
import io.edgefusion.sandbox.launch.HelperProcess;
import io.edgefusion.sandbox.spec.Stdio;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * The caller's side of an attached workload.
 *
 * @param out      where the workload's stdout (with a terminal: the terminal's output) is copied
 * @param in       copied to the workload's stdin with {@code -i} and no terminal; null for none
 * @param terminal with {@code -t}, the caller's terminal when it has one; null for none
 * @param signals  where the caller's SIGINT/SIGTERM/SIGHUP are forwarded from; null for none
 */
public record Attach(OutputStream out, InputStream in, CallerTerminal terminal, SignalProxy signals) {
    public static Attach output(OutputStream out) {
        return new Attach(out, null, null, null);
    }

    /**
     * Once the workload started: signals go to the helper, stdin is copied ({@code -i} without a terminal) and
     * the output until it ends; returns the helper's exit code (the workload's). Late signals are dropped.
     */
    int follow(HelperProcess helper, Stdio stdio) {
        if (signals != null) {
            signals.attach(helper.helperPid());
        }
        if (in != null && stdio.interactive() && !stdio.tty()) {
            helper.pumpInput(in);
        }
        try {
            helper.copyOutput(out);
            return helper.waitFor();
        } finally {
            if (signals != null) {
                signals.detach();
            }
        }
    }
}
