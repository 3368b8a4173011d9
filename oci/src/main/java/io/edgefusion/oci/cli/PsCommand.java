package io.edgefusion.oci.cli;

import io.edgefusion.oci.lifecycle.Runtime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code ps}: the container's processes, from its cgroup; {@code --format json} is a list of pids (containerd). */
@Command(name = "ps", description = "List the processes of a container.")
final class PsCommand implements Callable<Integer> {
    @ParentCommand
    OciCommand root;

    @Option(names = {"-f", "--format"}, defaultValue = "table", description = "table or json")
    String format;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1..*", paramLabel = "PS_ARGS", description = "ignored (accepted for runc compatibility)")
    List<String> psArgs;

    @Override
    public Integer call() {
        Runtime rt = root.runtime();
        List<Long> pids = rt.cgroup(rt.store().read(id)).pids().stream().sorted().toList();
        switch (format) {
            case "json" -> root.call.out().println(pids.stream().map(String::valueOf)
                    .collect(Collectors.joining(",", "[", "]")));
            case "table" -> {
                root.call.out().println("PID\tCMD");
                for (long pid : pids) {
                    root.call.out().println(pid + "\t" + cmdline(pid));
                }
            }
            default -> throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--format " + format + ": expected table or json");
        }
        return 0;
    }

    private static String cmdline(long pid) {
        try {
            byte[] b = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return new String(b, StandardCharsets.UTF_8).replace('\0', ' ').strip();
        } catch (IOException e) {
            return "?";
        }
    }
}
