package io.edgefusion.cli;

import io.edgefusion.kernel.log.LogTarget;
import io.edgefusion.kernel.sys.KernelException;
import io.edgefusion.kernel.sys.Trace;
import io.edgefusion.node.host.Invocation;
import io.edgefusion.sandbox.launch.LaunchFailure;
import picocli.CommandLine;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Entry point. Exit codes follow docker's habits: the workload's own code when there is one, 125 when
 * EdgeFusion itself fails (bad flags included), 126 when a command cannot be executed, 127 when it is not found.
 * Nothing here touches native code, so the jar starts on any OS and says which commands need Linux.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(ProcessInvocation.of(args)));
    }

    /**
     * Runs the CLI with the given streams, otherwise as this process's (environment, working directory, signals);
     * an attached workload's stdio is relayed through the streams. Returns the exit code.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(ProcessInvocation.relayed(args, out, err));
    }

    /**
     * Runs one command for {@code invocation}, in its world only: its streams are picocli's out and err, every
     * {@code Path} option and parameter is relative to its working directory, and the command reaches the rest
     * (environment, stdio fds, signals) through {@link Caller}, bound for this call on this thread. Safe to call
     * on many threads at once. Returns the exit code.
     */
    public static int run(Invocation invocation) {
        Trace.mark("main");
        String[] args = invocation.args().toArray(String[]::new);
        if (args.length > 0 && args[0].equals(OCI)) {
            return oci(invocation, java.util.Arrays.copyOfRange(args, 1, args.length));
        }
        CommandLine cl = new CommandLine(new EdgeFusionCommand());
        Commands.register(cl, args);
        Trace.mark("picocli model");
        cl.registerConverter(Path.class, invocation::resolve);
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(HelpColors.of(invocation)));
        cl.setOut(new PrintWriter(invocation.out(), true));
        cl.setErr(new PrintWriter(invocation.err(), true));
        boolean debug = invocation.env().get("EDGEFUSION_DEBUG") != null;
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("edgefusion: " + oneLine(ex));
            if (ex instanceof LaunchFailure lf) {
                return lf.exitCode();
            }
            if (debug) {
                ex.printStackTrace(cmd.getErr());
            }
            return ExitCodes.RUNTIME_ERROR;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("edgefusion: " + ParseErrors.oneLine(ex));
            return ExitCodes.RUNTIME_ERROR;
        });
        cl.setExecutionStrategy(parsed -> {
            GlobalOptions.apply(parsed);
            return new CommandLine.RunLast().execute(parsed);
        });
        try {
            return LogTarget.callWith(invocation.err(),
                    () -> ScopedValue.where(Caller.CURRENT, invocation).call(() -> cl.execute(args)));
        } finally {
            cl.getOut().flush();
            cl.getErr().flush();
        }
    }

    /**
     * {@code edgefusion oci ARGS} is {@code edgefusion-oci ARGS} (that launcher runs it so): runc's command line,
     * with its own global options (its {@code --root} is the OCI state directory, not the node's).
     */
    static final String OCI = "oci";

    private static int oci(Invocation inv, String[] args) {
        io.edgefusion.node.host.CallerFds f = inv.fds();
        return io.edgefusion.oci.cli.OciCommand.run(args, new io.edgefusion.oci.OciCall(inv.cwd(), inv.env(),
                inv.in(), inv.out(), inv.err(), new io.edgefusion.sandbox.launch.HandedFds(f.pid(), f.in(), f.out(),
                f.err()), inv.launcher()));
    }

    /** The one line a user sees: kernel errors already name the file and errno. */
    static String oneLine(Throwable ex) {
        Throwable t = ex;
        if (t instanceof UncheckedIOException u && u.getCause() != null) {
            t = u.getCause();
        }
        String msg = t instanceof KernelException ? t.getMessage()
                : t instanceof java.nio.file.FileSystemException f && f.getReason() == null ? f.getFile() + ": "
                + fileProblem(f)
                : t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return msg.replace('\n', ' ');
    }

    /** The reason the JDK leaves out of a file exception's message (its message is then only the path). */
    private static String fileProblem(java.nio.file.FileSystemException f) {
        return switch (f) {
            case java.nio.file.AccessDeniedException a -> "permission denied";
            case java.nio.file.NoSuchFileException n -> "no such file or directory";
            case java.nio.file.FileAlreadyExistsException e -> "already exists";
            case java.nio.file.NotDirectoryException d -> "not a directory";
            case java.nio.file.DirectoryNotEmptyException d -> "directory not empty";
            default -> f.getClass().getSimpleName();
        };
    }
}
