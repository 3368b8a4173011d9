package io.edgefusion.cli;

import io.edgefusion.kernel.sys.KernelException;
import io.edgefusion.kernel.sys.Trace;
import io.edgefusion.sandbox.launch.LaunchFailure;
import picocli.CommandLine;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * Entry point. Exit codes follow docker's habits: the workload's own code when there is one, 125 when
 * EdgeFusion itself fails (bad flags included), 126 when a command cannot be executed, 127 when it is not found.
 * Nothing here touches native code, so the jar starts on any OS and says which commands need Linux.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the CLI with the given streams; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Trace.mark("main");
        CommandLine cl = new CommandLine(new EdgeFusionCommand());
        Commands.register(cl, args);
        Trace.mark("picocli model");
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("edgefusion: " + oneLine(ex));
            if (ex instanceof LaunchFailure lf) {
                return lf.exitCode();
            }
            if (System.getenv("EDGEFUSION_DEBUG") != null) {
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
        return cl.execute(args);
    }

    /** The one line a user sees: kernel errors already name the file and errno. */
    static String oneLine(Throwable ex) {
        Throwable t = ex;
        if (t instanceof UncheckedIOException u && u.getCause() != null) {
            t = u.getCause();
        }
        String msg = t instanceof KernelException ? t.getMessage()
                : t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return msg.replace('\n', ' ');
    }
}
