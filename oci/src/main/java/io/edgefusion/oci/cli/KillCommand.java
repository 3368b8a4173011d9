package io.edgefusion.oci.cli;

import io.edgefusion.oci.lifecycle.Kill;
import io.edgefusion.oci.lifecycle.Signals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

@Command(name = "kill", description = "Send a signal (default TERM) to the container's process.")
final class KillCommand implements Callable<Integer> {
    @ParentCommand
    OciCommand root;

    @Option(names = {"-a", "--all"}, description = "signal every process of the container's cgroup")
    boolean all;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1", paramLabel = "SIGNAL", defaultValue = "TERM", arity = "0..1")
    String signal;

    @Override
    public Integer call() {
        Kill.kill(root.runtime(), id, Signals.parse(signal), all);
        return 0;
    }
}
