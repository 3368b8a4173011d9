package io.edgefusion.cli.sandbox;

import io.edgefusion.sandbox.Sandboxes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code edgefusion kill}. */
@Command(name = "kill", mixinStandardHelpOptions = true,
        description = {"Send a signal (default KILL) to the PID 1 of running sandboxes."},
        footer = {"", "Examples:", "  edgefusion kill web", "  edgefusion kill -s HUP web"})
public final class KillCommand implements Callable<Integer> {
    private static final Map<String, Integer> SIGNALS = Map.ofEntries(Map.entry("HUP", 1), Map.entry("INT", 2),
            Map.entry("QUIT", 3), Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("USR2", 12),
            Map.entry("TERM", 15), Map.entry("CONT", 18), Map.entry("STOP", 19), Map.entry("WINCH", 28));

    @Mixin
    StateRoot root;

    @Option(names = {"-s", "--signal"}, paramLabel = "SIG", description = "Signal name (TERM, SIGHUP…) or number.")
    String signal = "KILL";

    @Parameters(arity = "1..*", paramLabel = "SANDBOX")
    List<String> names;

    @Spec
    CommandSpec spec;

    static int parse(String s) {
        String n = s.toUpperCase(Locale.ROOT);
        if (n.startsWith("SIG")) {
            n = n.substring(3);
        }
        if (SIGNALS.containsKey(n)) {
            return SIGNALS.get(n);
        }
        try {
            int v = Integer.parseInt(n);
            if (v > 0 && v < 65) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--signal " + s + ": unknown signal");
    }

    @Override
    public Integer call() {
        int sig = parse(signal);
        Sandboxes sb = root.sandboxes();
        for (String n : names) {
            sb.kill(n, sig);
            spec.commandLine().getOut().println(n);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
