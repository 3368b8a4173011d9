package io.edgefusion.cli.sandbox;

import sun.misc.Signal;

/**
 * While attached, terminal signals belong to the workload: Ctrl-C reaches the helper too (it shares our process
 * group) and the helper forwards it to the sandbox's PID 1, as docker's sig-proxy does; the CLI keeps waiting
 * for the exit code instead of dying. SIGTERM sent to the CLI alone keeps its default: the CLI ends and the
 * sandbox runs on, recorded, like a detached one.
 */
final class Signals {
    private Signals() {
    }

    static void ignoreInterruptWhileAttached() {
        for (String name : new String[] {"INT", "HUP", "QUIT"}) {
            try {
                Signal.handle(new Signal(name), s -> {
                });
            } catch (IllegalArgumentException ignored) {
                // the JVM reserves some signals (e.g. QUIT with -Xrs off); they keep their default
            }
        }
    }
}
