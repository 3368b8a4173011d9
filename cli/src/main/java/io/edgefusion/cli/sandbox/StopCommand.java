package io.edgefusion.cli.sandbox;

import io.edgefusion.sandbox.Sandboxes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code edgefusion stop}. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = {"Stop sandboxes: SIGTERM to PID 1, then, after the timeout, SIGKILL to every task in the"
                + " sandbox's cgroup. (PID 1 of a PID namespace ignores SIGTERM unless it handles it, as in"
                + " docker; then stop waits the full timeout.)"},
        footer = {"", "Example:", "  edgefusion stop -t 2 web"})
public final class StopCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;

    @Option(names = {"-t", "--time"}, paramLabel = "SECONDS", description = "Seconds to wait before SIGKILL"
            + " (default 10).")
    int timeout = 10;

    @Parameters(arity = "1..*", paramLabel = "SANDBOX")
    List<String> names;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (timeout < 0) {
            throw new IllegalArgumentException("--time " + timeout + ": must not be negative");
        }
        Sandboxes sb = root.sandboxes();
        for (String n : names) {
            sb.stop(n, timeout);
            spec.commandLine().getOut().println(n);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
