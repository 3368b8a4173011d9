package io.edgefusion.cli.observe;

import io.edgefusion.cli.output.Table;
import io.edgefusion.cli.sandbox.StateRoot;
import io.edgefusion.node.stats.ProcessTable;
import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.state.Status;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code edgefusion top}: the processes of a sandbox. */
@Command(name = "top", mixinStandardHelpOptions = true,
        description = {"List the processes running in a sandbox — every member of its cgroup, with host pids —"
                + " in ps -ef's columns (UID PID PPID C STIME TTY TIME CMD), read from /proc without running ps."
                + " ps's -o chooses columns: uid user pid ppid pgid c stime tty time etime cmd args comm stat nlwp"
                + " rss vsz."},
        footer = {"", "Examples:", "  edgefusion top web", "  edgefusion top web -o pid,rss,args",
                "  edgefusion top web --json"})
public final class TopCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;

    @Option(names = "--json", description = "{\"schema\":\"edgefusion.top/v1\",\"titles\":[…],\"processes\":[[…],…]}"
            + " (docker's top layout).")
    boolean json;

    @Parameters(index = "0", paramLabel = "SANDBOX")
    String name;

    @Parameters(index = "1..*", paramLabel = "PS-OPTIONS", arity = "0..*", description = "ps options: -o COLUMNS.")
    List<String> psOptions = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<String> opts = new ArrayList<>(psOptions);
        boolean jsonToo = opts.remove("--json");
        Sandboxes sandboxes = root.sandboxes();
        SandboxState s = sandboxes.inspect(name);
        if (s.status() != Status.RUNNING && s.status() != Status.PAUSED) {
            throw new IllegalStateException("sandbox " + s.shortId() + " is " + s.status().label()
                    + ", not running: top needs a running sandbox");
        }
        ProcessTable table = ProcessTable.now();
        List<String> cols = table.parseColumns(opts);
        List<List<String>> rows = table.rows(sandboxes.cgroup(s.id()).pids(), cols);
        PrintWriter out = spec.commandLine().getOut();
        if (json || jsonToo) {
            var doc = io.edgefusion.runtime.json.JsonDocs.document("edgefusion.top/v1");
            doc.put("id", s.id());
            var titles = doc.putArray("titles");
            cols.forEach(c -> titles.add(ProcessTable.header(c)));
            var procs = doc.putArray("processes");
            rows.forEach(r -> {
                var a = procs.addArray();
                r.forEach(a::add);
            });
            out.println(doc.toPrettyString());
        } else {
            Table t = new Table(cols.stream().map(ProcessTable::header).toArray(String[]::new));
            rows.forEach(r -> t.row(r.toArray()));
            t.print(out, "");
        }
        out.flush();
        return 0;
    }
}
