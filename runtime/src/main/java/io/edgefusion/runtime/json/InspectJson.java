package io.edgefusion.runtime.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.kernel.cgroup.CgroupManager;
import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.network.ResultCache;
import io.edgefusion.sandbox.seccomp.SeccompFilters;
import io.edgefusion.sandbox.state.Json;
import io.edgefusion.sandbox.state.SandboxState;

import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

/**
 * {@code inspect}: per sandbox its spec and recorded state, the environment EdgeFusion injected, its cgroup
 * directories and — while the cgroup exists — the edgefusion.resources/v1 document of its cgroup
 * (docs/json/inspect.md).
 */
public final class InspectJson {
    public static final String SCHEMA = "edgefusion.inspect/v1";

    private InspectJson() {
    }

    /** The document for {@code names} (ids, id prefixes or names), in that order. */
    public static ObjectNode document(Sandboxes sb, List<String> names) {
        ObjectNode doc = JsonDocs.document(SCHEMA);
        ArrayNode arr = doc.putArray("sandboxes");
        for (String name : names) {
            arr.add(sandbox(sb, sb.inspect(name)));
        }
        return doc;
    }

    /** One entry of the document. */
    public static ObjectNode sandbox(Sandboxes sb, SandboxState s) {
        ObjectNode n = JsonDocs.MAPPER.createObjectNode();
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
        ArrayNode nets = n.putArray("networks");
        for (ResultCache.Entry e : sb.networks(s.id())) {
            ObjectNode o = nets.addObject();
            o.put("network", e.network());
            o.put("ifname", e.ifname());
            ArrayNode addrs = o.putArray("addresses");
            e.result().sandboxIps().forEach(ip -> addrs.add(ip.address()));
            o.put("gateway", e.result().gateway());
            ArrayNode ports = o.putArray("ports");
            e.ports().forEach(p -> ports.add(p.toString()));
        }
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
        return n;
    }
}
