package io.edgefusion.oci.cli;

import io.edgefusion.oci.lifecycle.Create;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code create}: the container exists, its process waits; {@code start} runs the program. */
@Command(name = "create", description = "Create a container from a bundle; its process waits for start.")
final class CreateCommand implements Callable<Integer> {
    @ParentCommand
    OciCommand root;

    @Option(names = {"-b", "--bundle"}, paramLabel = "DIR", defaultValue = ".",
            description = "the bundle (config.json and the root filesystem); default: the current directory")
    String bundle;

    @Option(names = "--pid-file", paramLabel = "FILE", description = "write the process's host pid here")
    String pidFile;

    @Option(names = "--console-socket", paramLabel = "SOCKET",
            description = "AF_UNIX socket that receives the terminal's master (process.terminal)")
    String consoleSocket;

    @Option(names = "--preserve-fds", paramLabel = "N", defaultValue = "0",
            description = "pass fds 3 .. 3+N-1 on to the process")
    int preserveFds;

    @Option(names = "--no-pivot", description = "accepted for runc compatibility; pivot_root is always used")
    boolean noPivot;

    @Option(names = "--no-new-keyring", description = "accepted for runc compatibility")
    boolean noNewKeyring;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
        Create.create(root.runtime(), new Create.Options(id, root.path(bundle),
                pidFile == null ? null : root.path(pidFile), consoleSocket, preserveFds, root.call.stdio(),
                root.systemdCgroup, true, false, root.call.launcher()), root.call.err());
        return 0;
    }
}
