package io.edgefusion.oci.cli;

import io.edgefusion.oci.lifecycle.Runtime;
import io.edgefusion.oci.state.ContainerStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

@Command(name = "pause", description = "Freeze every process of a running container.")
final class PauseCommand implements Callable<Integer> {
    @ParentCommand
    OciCommand root;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
        Runtime rt = root.runtime();
        rt.cgroup(rt.require(id, "pause", ContainerStatus.RUNNING)).freeze();
        return 0;
    }
}
