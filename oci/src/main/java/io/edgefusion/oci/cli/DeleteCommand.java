package io.edgefusion.oci.cli;

import io.edgefusion.oci.lifecycle.Delete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

@Command(name = "delete", description = "Delete a stopped or created container (--force: a running one too).")
final class DeleteCommand implements Callable<Integer> {
    @ParentCommand
    OciCommand root;

    @Option(names = {"-f", "--force"}, description = "kill it first if it runs")
    boolean force;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
        Delete.delete(root.runtime(), id, force);
        return 0;
    }
}
