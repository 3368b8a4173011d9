package io.edgefusion.cli.diagnose;

import io.edgefusion.cli.output.JsonDocs;
import io.edgefusion.cli.output.Table;
import io.edgefusion.cli.sandbox.StateRoot;
import io.edgefusion.kernel.sys.Platform;
import io.edgefusion.runtime.diagnose.fs.FsCheck;
import io.edgefusion.runtime.diagnose.fs.FsDiagnoser;
import io.edgefusion.runtime.diagnose.fs.FsDiagnosis;
import io.edgefusion.runtime.diagnose.fs.FsDiagnosisJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code edgefusion diagnose fs [--sandbox S] PATH}: mount-flag effects predicted, then probed there. */
@Command(name = "fs", mixinStandardHelpOptions = true,
        description = {"For the mount holding PATH (on the host, or inside the running sandbox S), predict from its"
                + " flags what the kernel refuses — writes on ro (EROFS), execve (EACCES) and mmap PROT_EXEC"
                + " (EPERM) on noexec, set-user-ID on nosuid (ignored), device nodes on nodev (EACCES), and on an"
                + " overlay the copy-up of the first write — then verify each by a probe run in that directory"
                + " (in the sandbox as its root, through exec), side by side with the errno seen. The probe"
                + " removes what it creates; an overlay directory it copied up stays (listed as leftBehind).",
                "Exit code: 0 every probe as predicted (or unverifiable), 1 a prediction contradicted,"
                        + " 125 no such sandbox or path."},
        footer = {"", "Examples:", "  edgefusion diagnose fs /dev/shm",
                "  edgefusion diagnose fs --json /tmp | jq '.checks[] | {check, verdict}'",
                "  edgefusion diagnose fs --sandbox web /tmp"})
public final class FsCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;

    @Option(names = "--sandbox", paramLabel = "S", description = "Probe inside this running sandbox (id, id"
            + " prefix or name); PATH is then a path inside it.")
    String sandbox;

    @Parameters(index = "0", paramLabel = "PATH", description = "A file or directory; the probe works in it (a"
            + " directory) or beside it.")
    String path;

    @Option(names = "--json", description = "Print one JSON document (schema edgefusion.diagnose.fs/v1,"
            + " docs/json/diagnose.fs.md).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Platform.requireLinux("edgefusion diagnose fs");
        FsDiagnoser d = new FsDiagnoser(root.path());
        FsDiagnosis r = sandbox == null ? d.host(Path.of(path).toAbsolutePath())
                : d.sandbox(root.sandboxes(), sandbox, path);
        var out = spec.commandLine().getOut();
        if (json) {
            JsonDocs.print(out, FsDiagnosisJson.document(r));
        } else {
            out.println(r.path() + (r.sandbox() == null ? "" : " in sandbox " + r.sandbox().substring(0, 12))
                    + " is on " + r.mount().mountPoint() + " (" + r.mount().fsType() + ", "
                    + String.join(",", r.mount().mountOptions()) + "); probed in " + r.probedDir());
            Table t = new Table("CHECK", "FLAG", "PREDICTED", "OBSERVED", "VERDICT");
            for (FsCheck c : r.checks()) {
                t.row(c.name(), c.flag(), c.predicted() + (c.errno() == null ? "" : " " + c.errno()),
                        c.observed() + (c.seen() == null ? "" : " " + c.seen()), c.verdict());
            }
            t.print(out, "  ");
            r.leftBehind().forEach(l -> out.println("  left behind: " + l + " (an overlay copy-up cannot be undone"
                    + " while mounted)"));
            out.println(r.problem() ? "problem: a prediction was contradicted (see VERDICT)"
                    : "no problem: every verified effect was as predicted");
            out.flush();
        }
        return r.problem() ? 1 : 0;
    }
}
