package io.edgefusion.sandbox;

import io.edgefusion.sandbox.launch.CallerTerminal;
import io.edgefusion.sandbox.launch.HandedFds;
import io.edgefusion.sandbox.launch.HelperProcess;
import io.edgefusion.sandbox.spec.Stdio;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * The caller's side of an attached workload.
 *
 * @param out      where the workload's stdout (with a terminal: the terminal's output) is copied, unless handed
 * @param in       copied to the workload's stdin with {@code -i} and no terminal, unless handed; null for none
 * @param terminal with {@code -t}, the caller's terminal when it has one; null for none
 * @param signals  where the caller's signals are forwarded from; null for none
 * @param err      where the helper's stderr (the workload's, unless handed, and the helper's own words) is
 *                 copied; null: the helper inherits this process's stderr
 * @param handed   the caller's own non-terminal fds the workload gets as its 0, 1, 2 instead of a relay
 */
public record Attach(OutputStream out, InputStream in, CallerTerminal terminal, SignalProxy signals,
                     OutputStream err, HandedFds handed) {
    public Attach {
        handed = handed == null ? HandedFds.NONE : handed;
    }

    public Attach(OutputStream out, InputStream in, CallerTerminal terminal, SignalProxy signals) {
        this(out, in, terminal, signals, null, HandedFds.NONE);
    }

    public static Attach output(OutputStream out) {
        return new Attach(out, null, null, null);
    }

    /** Only output: the workload's stdout to {@code out}, the helper's stderr to {@code err}. */
    public static Attach output(OutputStream out, OutputStream err) {
        return new Attach(out, null, null, null, err, HandedFds.NONE);
    }

    /**
     * Once the workload ({@code workloadPid}) started: signals go to the helper (SIGKILL to the workload), stdin is copied ({@code -i} without a terminal, not
     * handed) and the output until it ends; returns the helper's exit code (the workload's). Late signals are
     * dropped.
     */
    int follow(HelperProcess helper, long workloadPid, Stdio stdio) {
        if (signals != null) {
            signals.attach(helper.helperPid(), workloadPid);
        }
        if (in != null && stdio.interactive() && !stdio.tty() && handed.in() < 0) {
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
