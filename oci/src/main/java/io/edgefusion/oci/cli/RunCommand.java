package io.edgefusion.oci.cli;

import io.edgefusion.oci.lifecycle.Create;
import io.edgefusion.oci.lifecycle.Delete;
import io.edgefusion.oci.lifecycle.Runtime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code run}: create and start in one; attached, waits and exits with the program's code, then deletes. */
@Command(name = "run", description = "Create and start a container; attached, exit with its code and delete it.")
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    OciCommand root;

    @Option(names = {"-b", "--bundle"}, paramLabel = "DIR", defaultValue = ".", description = "the bundle")
    String bundle;

    @Option(names = "--pid-file", paramLabel = "FILE")
    String pidFile;

    @Option(names = "--console-socket", paramLabel = "SOCKET")
    String consoleSocket;

    @Option(names = "--preserve-fds", paramLabel = "N", defaultValue = "0")
    int preserveFds;

    @Option(names = {"-d", "--detach"}, description = "return once it runs; the process is left to the caller")
    boolean detach;

    @Option(names = "--keep", description = "do not delete the container when it exits")
    boolean keep;

    @Option(names = "--no-pivot", description = "accepted for runc compatibility")
    boolean noPivot;

    @Option(names = "--no-new-keyring", description = "accepted for runc compatibility")
    boolean noNewKeyring;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
        Runtime rt = root.runtime();
        Create.Created c = Create.create(rt, new Create.Options(id, root.path(bundle),
                pidFile == null ? null : root.path(pidFile), consoleSocket, preserveFds, root.call.stdio(),
                root.systemdCgroup, false, !detach, root.call.launcher()), root.call.err());
        var config = rt.config(id);
        for (String w : io.edgefusion.oci.lifecycle.Hooks.runAll("poststart", config.hooks().poststart(),
                rt.stateJson(c.record(), io.edgefusion.oci.state.ContainerStatus.RUNNING), List.of())) {
            rt.warn().accept(w);
        }
        if (detach) {
            return 0;
        }
        int code = c.helper().waitFor();
        c.helper().close();
        if (!keep) {
            Delete.delete(rt, id, true);
        }
        return code;
    }
}
