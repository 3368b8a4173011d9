package io.edgefusion.cli.sandbox;

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
        root.sandboxes().logs(name, follow, System.out, System.err);
        return 0;
    }
}
