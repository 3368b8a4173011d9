package io.edgefusion.cli.network;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.sandbox.network.CniResult;
import io.edgefusion.sandbox.network.NamedNetwork;
import io.edgefusion.sandbox.network.ResultCache;

import java.util.List;

/** The {@code network ls} and {@code network inspect} documents (docs/json/network.ls.md, network.inspect.md). */
final class NetworkDocs {
    private NetworkDocs() {
    }

    static ObjectNode summary(NamedNetwork n, List<ResultCache.Entry> attached) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("name", n.name());
        o.put("default", n.isDefault());
        o.put("bridge", n.bridge().isEmpty() ? null : n.bridge());
        o.put("subnet", n.subnet().isEmpty() ? null : n.subnet());
        o.put("gateway", n.gateway().isEmpty() ? null : n.gateway());
        ArrayNode p = o.putArray("plugins");
        n.plugins().forEach(p::add);
        o.put("file", n.file().toString());
        o.put("sandboxes", attached.stream().map(ResultCache.Entry::containerId).distinct().count());
        return o;
    }

    static ObjectNode detail(NamedNetwork n, List<ResultCache.Entry> attached) {
        ObjectNode o = summary(n, attached);
        ArrayNode a = o.putArray("attachments");
        for (ResultCache.Entry e : attached) {
            ObjectNode x = a.addObject();
            x.put("containerId", e.containerId());
            x.put("name", e.name().isEmpty() ? null : e.name());
            x.put("ifname", e.ifname());
            x.put("netns", e.netns());
            ArrayNode ips = x.putArray("addresses");
            e.result().sandboxIps().stream().map(CniResult.Ip::address).forEach(ips::add);
            ArrayNode ports = x.putArray("ports");
            e.ports().forEach(pm -> ports.add(pm.toString()));
        }
        o.set("config", n.conflist());
        return o;
    }
}
