package io.edgefusion.cli.sandbox;

import io.edgefusion.runtime.spec.EnvAssignments;
import io.edgefusion.cli.Caller;
import io.edgefusion.sandbox.spec.Stdio;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code edgefusion exec}. */
@Command(name = "exec", mixinStandardHelpOptions = true,
        description = {"Run a command in a running sandbox: it joins the sandbox's namespaces and cgroup and gets"
                + " its environment (injected ergonomics included), user, capabilities and no_new_privs.",
                "The command leads a session of its own (never your terminal); -t gives it a new pty of the"
                        + " sandbox's devpts. SIGINT, SIGTERM and SIGHUP sent to edgefusion are forwarded to it.",
                "Exit code: the command's; 125/126/127 as for run."},
        footer = {"", "Examples:", "  edgefusion exec web -- ps", "  edgefusion exec -it web -- sh", "  edgefusion exec -u 1000 -w /tmp web -- sh -c 'id'"})
public final class ExecCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;

    @Option(names = {"-i", "--interactive"}, description = "Attach stdin (otherwise /dev/null).")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "A terminal: a new pty of the sandbox's devpts, relayed to"
            + " yours (raw mode with -i; its size followed).")
    boolean tty;

    @Option(names = {"-e", "--env"}, paramLabel = "K=V", description = "Extra environment variable.")
    List<String> env = new ArrayList<>();

    @Option(names = {"-u", "--user"}, paramLabel = "UID[:GID]", description = "User (default: the sandbox's).")
    String user;

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory.")
    String workdir;

    @Parameters(index = "0", paramLabel = "SANDBOX")
    String name;

    @Parameters(index = "1..*", paramLabel = "CMD")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        Map<String, String> e = EnvAssignments.parse("--env", env, Caller.env());
        var sb = root.sandboxes();
        Stdio stdio = new Stdio(interactive, tty);
        try (Signals signals = Signals.attach(stdio, Caller.current())) {
            return sb.exec(name, RunCommand.withoutSeparator(command), e, user, workdir, stdio, signals.io());
        }
    }
}
