package io.edgefusion.oci.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.edgefusion.sandbox.oci.config.OciConfigs;
import io.edgefusion.oci.lifecycle.Runtime;
import io.edgefusion.oci.state.ContainerRecord;
import io.edgefusion.oci.state.OciState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "list", aliases = "ls", description = "List the containers of the state directory.")
final class ListCommand implements Callable<Integer> {
    @ParentCommand
    OciCommand root;

    @Option(names = {"-f", "--format"}, defaultValue = "table", description = "table or json")
    String format;

    @Option(names = {"-q", "--quiet"}, description = "ids only")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        Runtime rt = root.runtime();
        List<OciState> states = new ArrayList<>();
        for (String id : rt.store().ids()) {
            rt.store().find(id).ifPresent((ContainerRecord r) -> states.add(OciState.of(r, rt.status(r))));
        }
        var out = root.call.out();
        if (quiet) {
            states.forEach(s -> out.println(s.id()));
        } else if (format.equals("json")) {
            out.println(OciConfigs.json().writer().with(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(states));
        } else if (format.equals("table")) {
            out.printf("%-24s %-8s %-10s %-40s %s%n", "ID", "PID", "STATUS", "BUNDLE", "CREATED");
            for (OciState s : states) {
                out.printf("%-24s %-8d %-10s %-40s %s%n", s.id(), s.pid(), s.status(), s.bundle(), s.created());
            }
        } else {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--format " + format + ": expected table or json");
        }
        return 0;
    }
}
