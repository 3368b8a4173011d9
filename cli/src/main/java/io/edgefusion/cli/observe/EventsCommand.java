package io.edgefusion.cli.observe;

import io.edgefusion.cli.sandbox.StateRoot;
import io.edgefusion.node.api.ApiRequest;
import io.edgefusion.node.api.ApiResponse;
import io.edgefusion.node.api.ApiRoutes;
import io.edgefusion.node.api.NodeApi;
import io.edgefusion.node.api.Peer;
import io.edgefusion.node.events.EventJson;
import io.edgefusion.node.events.StoredEvent;
import io.edgefusion.node.events.TimeArg;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code edgefusion events}: the node's event stream. */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = {"Stream what happens on the node serving the state root: deployments rolled out, workloads"
                + " started, healthy, unhealthy, restarted, stopped. Events are kept in the node's database (the"
                + " last 10000), so --since shows the past and the stream then continues live; --until ends it."
                + " Needs a running node (edgefusion node).",
                "",
                "Times: RFC 3339 (2026-12-01T20:33:12Z), a duration back from now (10m, 1h30m, 90s) or Unix"
                        + " seconds."},
        footer = {"", "Examples:", "  edgefusion events --since 10m", "  edgefusion events --since 1h --until 0s"
                + "        # the last hour, then exit",
                "  edgefusion events --json | jq -r .subject"})
public final class EventsCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;

    @Option(names = "--json", description = "One JSON object per line, schema edgefusion.events/v1"
            + " (docs/json/events.md).")
    boolean json;

    @Option(names = "--since", paramLabel = "T", description = "Show stored events from T on (default: only new"
            + " ones).")
    String since;

    @Option(names = "--until", paramLabel = "T", description = "Stop at T (a past T: print the stored events and"
            + " exit).")
    String until;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ApiRoutes node = NodeApi.find(root.path()).orElseThrow(() -> new IllegalStateException(
                "no node serves " + root.path() + " (start one: edgefusion node --root " + root.path() + ")"));
        Instant now = Instant.now();
        Map<String, String> q = new LinkedHashMap<>();
        // Pin relative times to one instant and send absolute ones, so the node's clock reading cannot shift them.
        q.put("since", EventJson.time(since != null ? TimeArg.parse(since, now) : now));
        if (until != null) {
            q.put("until", EventJson.time(TimeArg.parse(until, now)));
        }
        q.put("follow", "1");
        ApiResponse r = node.handle(new ApiRequest("GET", "/v1/events", q, new byte[0], Peer.REMOTE));
        PrintWriter out = spec.commandLine().getOut();
        if (r instanceof ApiResponse.Full f) {
            throw new IllegalStateException("events: the node answered " + f.status() + ": "
                    + new String(f.body(), StandardCharsets.UTF_8).strip());
        }
        try {
            ((ApiResponse.Streaming) r).body().writeTo(new LineSink(line -> {
                out.println(json ? line : text(EventJson.parse(line)));
                out.flush();
            }));
        } catch (IOException e) {
            throw new UncheckedIOException("events stream", e);
        }
        return 0;
    }

    /** {@code 2026-12-01T20:33:12.123Z workload.healthy line-monitor/api (revision=3, sandbox=…)}. */
    static String text(StoredEvent e) {
        String attrs = e.event().attributes().isEmpty() ? "" : " (" + e.event().attributes().entrySet().stream()
                .map(a -> a.getKey() + "=" + a.getValue()).collect(Collectors.joining(", ")) + ")";
        return EventJson.time(e.event().time()) + " " + e.event().type() + " " + e.event().subject() + attrs;
    }

    /** Splits a byte stream into lines for a consumer. */
    static final class LineSink extends OutputStream {
        private final java.util.function.Consumer<String> lines;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        LineSink(java.util.function.Consumer<String> lines) {
            this.lines = lines;
        }

        @Override
        public void write(int b) {
            if (b == '\n') {
                lines.accept(buf.toString(StandardCharsets.UTF_8));
                buf.reset();
            } else {
                buf.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }
    }
}
