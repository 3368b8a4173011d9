package io.edgefusion.cli.observe;

import io.edgefusion.cli.sandbox.StateRoot;
import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.state.Status;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code edgefusion wait}: block until sandboxes exit; print their exit codes. */
@Command(name = "wait", mixinStandardHelpOptions = true,
        description = {"Block until each sandbox stops, then print its exit code, one line per sandbox in the"
                + " order given (as docker wait). It sleeps on the sandbox's reaper (a pidfd) and its state"
                + " directory (inotify) instead of polling. A sandbox whose reaper died without recording an exit"
                + " is reported on stderr, and the command then exits 125."},
        footer = {"", "Examples:", "  edgefusion wait web", "  code=$(edgefusion wait job) && echo \"job exited $code\""})
public final class WaitCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;

    @Parameters(paramLabel = "SANDBOX", arity = "1..*")
    List<String> names;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Sandboxes sandboxes = root.sandboxes();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int code = 0;
        for (String n : names) {
            try {
                SandboxState s = sandboxes.await(n);
                if (s.status() == Status.EXITED && s.exitCode() != null) {
                    out.println(s.exitCode());
                } else {
                    err.println("edgefusion: sandbox " + s.shortId() + " is " + s.status().label()
                            + (s.error() != null ? " (" + s.error() + ")" : ": its reaper died without recording an"
                            + " exit code"));
                    code = 125;
                }
            } catch (IllegalArgumentException | IllegalStateException e) {
                err.println("edgefusion: " + e.getMessage());
                code = 125;
            }
            out.flush();
            err.flush();
        }
        return code;
    }
}
