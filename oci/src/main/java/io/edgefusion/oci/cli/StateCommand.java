package io.edgefusion.oci.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.edgefusion.sandbox.oci.config.OciConfigs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

@Command(name = "state", description = "Print a container's state as the runtime spec's JSON.")
final class StateCommand implements Callable<Integer> {
    @ParentCommand
    OciCommand root;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    public Integer call() throws Exception {
        root.call.out().println(OciConfigs.json().writer().with(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(root.runtime().state(id)));
        return 0;
    }
}
