package io.edgefusion.cli.sandbox;

import io.edgefusion.cli.output.JsonDocs;
import io.edgefusion.cli.output.Table;
import io.edgefusion.kernel.sys.Platform;
import io.edgefusion.runtime.diagnose.namespaces.NamespaceInspector;
import io.edgefusion.runtime.diagnose.namespaces.NamespaceRow;
import io.edgefusion.runtime.diagnose.namespaces.NamespaceView;
import io.edgefusion.runtime.diagnose.namespaces.NamespacesJson;
import io.edgefusion.runtime.diagnose.namespaces.NamespacesReport;
import io.edgefusion.runtime.json.InspectJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code edgefusion inspect}: everything known about sandboxes, as JSON (like docker inspect / runc state). */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Print one JSON document (schema edgefusion.inspect/v1, docs/json/inspect.md) with, per"
                + " sandbox: its spec and recorded state, the environment"
                + " EdgeFusion injected, its cgroup directories, and — while the cgroup exists — its effective"
                + " limits, runtime settings and live stats (the edgefusion.resources/v1 document of its cgroup).",
                "With --namespaces, show instead what the running sandbox's PID 1 sees against the host, for each"
                        + " namespace it has (own or shared with this process): its pid and its parent's, hostname"
                        + " and domain name, the users its /etc/passwd resolves, SysV IPC objects and POSIX"
                        + " queues, network interfaces, its cgroup path, mount count and root, uid/gid maps — a"
                        + " table, or with --json schema edgefusion.inspect.namespaces/v1"
                        + " (docs/json/inspect.namespaces.md).",
                "Exit code: 0 read; 125 no such sandbox, or (--namespaces) not running."},
        footer = {"", "Examples:", "  edgefusion inspect web", "  edgefusion inspect web | jq '.sandboxes[0].resources.stats'",
                "  edgefusion inspect --namespaces web",
                "  edgefusion inspect --namespaces --json web | jq .details.hostname"})
public final class InspectCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;

    @Parameters(arity = "1..*", paramLabel = "SANDBOX", description = "Id, id prefix or name.")
    List<String> sandboxes;

    @Option(names = "--json", description = "Without --namespaces accepted for uniformity (inspect always prints"
            + " JSON); with it, print the JSON document instead of the table.")
    boolean json;

    @Option(names = "--namespaces", description = "What the running sandbox sees against the host, namespace by"
            + " namespace (one SANDBOX).")
    boolean namespaces;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!namespaces) {
            JsonDocs.print(out, InspectJson.document(root.sandboxes(), sandboxes));
            return 0;
        }
        if (sandboxes.size() != 1) {
            throw new ParameterException(spec.commandLine(), "--namespaces takes one SANDBOX, got "
                    + sandboxes.size());
        }
        Platform.requireLinux("edgefusion inspect --namespaces");
        NamespacesReport r = NamespaceInspector.inspect(root.sandboxes(), sandboxes.getFirst());
        if (json) {
            JsonDocs.print(out, NamespacesJson.document(r));
            return 0;
        }
        out.println("sandbox " + r.sandbox().substring(0, 12) + " (" + r.name() + "), PID 1 is host pid " + r.pid());
        Table ns = new Table("NAMESPACE", "INSIDE", "HOST", "OWN/SHARED");
        for (NamespaceView v : r.namespaces()) {
            ns.row(v.type(), v.type() + ":[" + v.insideInode() + "]", v.type() + ":[" + v.hostInode() + "]",
                    v.own() ? "own" : "shared");
        }
        ns.print(out, "  ");
        out.println();
        Table t = new Table("NAMESPACE", "WHAT", "INSIDE", "HOST", "DIFFERS");
        for (NamespaceRow row : r.rows()) {
            t.row(row.namespace(), row.item(), row.inside(), row.host(), row.differs() ? "*" : "");
        }
        t.print(out, "  ");
        out.flush();
        return 0;
    }
}
