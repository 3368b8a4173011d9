package io.edgefusion.oci.cli;

import io.edgefusion.sandbox.oci.config.OciConfig;
import io.edgefusion.sandbox.oci.config.OciConfigs;
import io.edgefusion.sandbox.oci.config.OciProcess;
import io.edgefusion.oci.lifecycle.Exec;
import io.edgefusion.oci.lifecycle.Runtime;
import io.edgefusion.oci.state.ContainerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code exec}: a process from {@code --process FILE} (the spec's process object), or the command line after the
 * id with the container's own process settings as defaults and the flags over them.
 */
@Command(name = "exec", description = "Run a new process inside a running container.")
final class ExecCommand implements Callable<Integer> {
    @ParentCommand
    OciCommand root;

    @Option(names = {"-p", "--process"}, paramLabel = "FILE", description = "the process as the spec's JSON")
    String processFile;

    @Option(names = {"-t", "--tty"}, description = "a terminal (needs --console-socket)")
    boolean tty;

    @Option(names = {"-d", "--detach"}, description = "return once it runs")
    boolean detach;

    @Option(names = "--pid-file", paramLabel = "FILE")
    String pidFile;

    @Option(names = "--console-socket", paramLabel = "SOCKET")
    String consoleSocket;

    @Option(names = "--cwd", paramLabel = "DIR")
    String cwd;

    @Option(names = {"-e", "--env"}, paramLabel = "NAME=VALUE")
    List<String> env = new ArrayList<>();

    @Option(names = {"-u", "--user"}, paramLabel = "UID[:GID]")
    String user;

    @Option(names = {"-g", "--additional-gids"}, paramLabel = "GID")
    List<Long> gids = new ArrayList<>();

    @Option(names = {"-c", "--cap"}, paramLabel = "CAP", description = "add a capability to every set")
    List<String> caps = new ArrayList<>();

    @Option(names = "--no-new-privs", description = "set no_new_privs")
    boolean noNewPrivs;

    @Option(names = "--preserve-fds", paramLabel = "N", defaultValue = "0")
    int preserveFds;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1..*", paramLabel = "COMMAND")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        Runtime rt = root.runtime();
        OciProcess p = processFile != null ? OciConfigs.parse(root.path(processFile), OciProcess.class)
                : fromFlags(rt.config(id));
        return Exec.exec(rt, new Exec.Options(id, p, detach, pidFile == null ? null : root.path(pidFile),
                consoleSocket, preserveFds, root.call.stdio(), root.call.launcher()), root.call.err());
    }

    private OciProcess fromFlags(OciConfig c) {
        if (command.isEmpty()) {
            throw new ContainerException("exec " + id + ": name a command or give --process FILE");
        }
        OciProcess base = c.process();
        List<String> environment = new ArrayList<>(base.env());
        environment.addAll(env);
        OciProcess.User u = base.user();
        if (user != null) {
            String[] p = user.split(":", 2);
            try {
                u = new OciProcess.User(Long.parseLong(p[0]), p.length > 1 ? Long.parseLong(p[1]) : 0, u.umask(),
                        gids.isEmpty() ? List.of() : gids, null);
            } catch (NumberFormatException e) {
                throw new ContainerException("--user " + user + ": expected UID[:GID] in numbers");
            }
        } else if (!gids.isEmpty()) {
            u = new OciProcess.User(u.uid(), u.gid(), u.umask(), gids, null);
        }
        OciProcess.Capabilities k = base.capabilities();
        if (!caps.isEmpty()) {
            k = new OciProcess.Capabilities(plus(k == null ? null : k.bounding()), plus(k == null ? null
                    : k.effective()), plus(k == null ? null : k.inheritable()), plus(k == null ? null
                    : k.permitted()), plus(k == null ? null : k.ambient()));
        }
        return new OciProcess(tty, null, u, command, null, environment, cwd != null ? cwd : base.cwd(), k,
                base.rlimits(), noNewPrivs || base.noNewPrivileges(), base.apparmorProfile(), null,
                base.selinuxLabel(), null, null);
    }

    private List<String> plus(List<String> set) {
        List<String> out = new ArrayList<>(set == null ? List.of() : set);
        out.addAll(caps);
        return out;
    }
}
