package io.edgefusion.cli.sandbox;

import io.edgefusion.cli.Caller;
import io.edgefusion.node.host.Invocation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code edgefusion logs}. */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = {"Print a sandbox's logged stdout and stderr (kept apart), oldest first. The reaper caps the"
                + " log at 16 MiB per file and keeps one rotated file."},
        footer = {"", "Examples:", "  edgefusion logs web", "  edgefusion logs -f web"})
public final class LogsCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;

    @Option(names = {"-f", "--follow"}, description = "Keep printing until the sandbox exits.")
    boolean follow;

    @Parameters(index = "0", paramLabel = "SANDBOX")
    String name;

    @Override
    public Integer call() {
        Invocation caller = Caller.current();
        root.sandboxes().logs(name, follow, caller.out(), caller.err());
        return 0;
    }
}
