package io.edgefusion.sandbox;

import io.edgefusion.kernel.sys.ErrnoException;
import io.edgefusion.kernel.sys.Libc;

import java.util.ArrayList;
import java.util.List;

/**
 * Docker's sig-proxy: signals the attached caller receives go to the workload, through the helper, which
 * forwards them to the sandbox's process. A signal that arrives before the workload started waits and is
 * delivered once it has; one after the helper ended is dropped (its pid may be reused).
 *
 * <p>SIGKILL cannot be caught, so the helper cannot forward it: it goes to the workload's process itself (from
 * outside its pid namespace, so even a PID 1 without handlers dies) and the helper reaps it as any other end.
 */
public final class SignalProxy {
    private long helper;
    private long workload;
    private boolean done;
    private final List<Integer> pending = new ArrayList<>();

    /** Called from a signal handler thread. */
    public synchronized void forward(int signal) {
        if (done) {
            return;
        }
        if (helper <= 0) {
            pending.add(signal);
            return;
        }
        send(signal);
    }

    synchronized void attach(long helperPid, long workloadPid) {
        helper = helperPid;
        workload = workloadPid;
        for (int s : pending) {
            send(s);
        }
        pending.clear();
    }

    synchronized void detach() {
        done = true;
        helper = 0;
        workload = 0;
        pending.clear();
    }

    private void send(int signal) {
        try {
            if (signal == Libc.SIGKILL) {
                if (workload > 0) {
                    Libc.kill((int) workload, signal);
                }
            } else {
                Libc.kill((int) helper, signal);
            }
        } catch (ErrnoException e) {
            // ESRCH: the helper is ending; its exit code is what the caller waits for
        }
    }
}
