package io.edgefusion.cli.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.cli.output.JsonDocs;
import io.edgefusion.cli.resources.ResourcesJson;
import io.edgefusion.cli.resources.ResourcesReport;
import io.edgefusion.kernel.cgroup.CgroupManager;
import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.seccomp.SeccompFilters;
import io.edgefusion.sandbox.state.Json;
import io.edgefusion.sandbox.state.SandboxState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code edgefusion inspect}: everything known about sandboxes, as JSON (like docker inspect / runc state). */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Print one JSON document (schema edgefusion.inspect/v1, docs/json/inspect.md) with, per"
                + " sandbox: its spec and recorded state, the environment"
                + " EdgeFusion injected, its cgroup directories, and — while the cgroup exists — its effective"
                + " limits, runtime settings and live stats (the edgefusion.resources/v1 document of its cgroup)."},
        footer = {"", "Examples:", "  edgefusion inspect web", "  edgefusion inspect web | jq '.sandboxes[0].resources.stats'"})
public final class InspectCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;

    @Parameters(arity = "1..*", paramLabel = "SANDBOX", description = "Id, id prefix or name.")
    List<String> sandboxes;

    @Option(names = "--json", description = "Accepted for uniformity: inspect always prints JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Sandboxes sb = root.sandboxes();
        ObjectNode doc = JsonDocs.document("edgefusion.inspect/v1");
        ArrayNode arr = doc.putArray("sandboxes");
        for (String name : sandboxes) {
            SandboxState s = sb.inspect(name);
            ObjectNode n = arr.addObject();
            n.put("id", s.id());
            n.put("name", s.name());
            n.put("status", s.status().label());
            n.put("stateDir", sb.stateDir(s.id()).toString());
            n.put("seccomp", SeccompFilters.mode(s.spec()));
            ObjectNode state = Json.MAPPER.valueToTree(s);
            // The record keeps epoch milliseconds on disk; the document speaks RFC 3339.
            for (String t : List.of("createdAt", "startedAt", "finishedAt")) {
                JsonDocs.convertTime(state, t);
            }
            n.set("state", state);
            n.set("injectedEnv", Json.MAPPER.valueToTree(s.injectedEnv()));
            CgroupManager cg = sb.cgroup(s.id());
            ObjectNode dirs = n.putObject("cgroup");
            dirs.put("path", cg.path());
            cg.paths().dirs().forEach((c, d) -> dirs.put(c.label(), d.dir().toString()));
            boolean exists = cg.paths().dirs().values().stream().anyMatch(d -> Files.isDirectory(d.dir()));
            if (exists) {
                n.set("resources", ResourcesJson.toJson(ResourcesReport.ofCgroup(sb.layout(), cg.path(),
                        Optional.empty())));
            } else {
                n.putNull("resources");
            }
        }
        JsonDocs.print(spec.commandLine().getOut(), doc);
        return 0;
    }
}
