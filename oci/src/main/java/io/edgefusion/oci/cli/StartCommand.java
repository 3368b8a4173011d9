package io.edgefusion.oci.cli;

import io.edgefusion.oci.lifecycle.Start;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

@Command(name = "start", description = "Start a created container: its process execs the program.")
final class StartCommand implements Callable<Integer> {
    @ParentCommand
    OciCommand root;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
        Start.start(root.runtime(), id);
        return 0;
    }
}
