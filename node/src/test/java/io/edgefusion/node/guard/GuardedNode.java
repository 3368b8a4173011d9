package io.edgefusion.node.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefusion.node.NodeDaemon;
import io.edgefusion.node.NodeOptions;
import io.edgefusion.node.NodeSetup;
import io.edgefusion.node.events.EventHub;
import io.edgefusion.node.events.NodeEvent;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A real node (every built-in component, the guardian included) on a test's state root, driven over its HTTP
 * API, with every event it emits kept so a test waits for the one it expects instead of sleeping.
 */
final class GuardedNode implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final NodeDaemon node;
    final Path work;
    final List<NodeEvent> events = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final HttpClient http = HttpClient.newHttpClient();
    private final EventHub.Subscription subscription;

    GuardedNode(Path root, Path work) throws Exception {
        this.work = work;
        node = NodeDaemon.start(NodeOptions.ephemeral(root, new PrintStream(log, true, StandardCharsets.UTF_8)),
                NodeSetup.defaults());
        subscription = node.services().events().subscribe(events::add);
    }

    /** Deploys {@code yaml} (written to WORK/NAME.yaml) and returns the API's answer. */
    JsonNode deploy(String name, String yaml) throws Exception {
        Path file = work.resolve(name + ".yaml");
        Files.writeString(file, yaml);
        return call("POST", "/v1/deployments", JSON.createObjectNode().put("path", file.toString())
                .put("text", yaml).toString());
    }

    JsonNode call(String method, String path, String body) throws Exception {
        var a = node.apiAddress().orElseThrow();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + a.getHostString() + ":"
                        + a.getPort() + path)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError(method + " " + path + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** Waits for an event of {@code type} about {@code subject} that {@code match} accepts; fails with what came. */
    NodeEvent await(String type, String subject, Predicate<NodeEvent> match, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            for (NodeEvent e : events) {
                if (e.type().equals(type) && e.subject().equals(subject) && match.test(e)) {
                    return e;
                }
            }
            try {
                Thread.sleep(10); // a poll of the collected events, not a timing guess
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new AssertionError(ie);
            }
        }
        throw new AssertionError("no " + type + " of " + subject + " within " + deadline + "; events:\n"
                + String.join("\n", events.stream().map(e -> e.time() + " " + e.type() + " " + e.subject() + " "
                + e.attributes()).toList()) + "\nnode log:\n" + log.toString(StandardCharsets.UTF_8));
    }

    NodeEvent await(String type, String subject, Duration deadline) {
        return await(type, subject, e -> true, deadline);
    }

    /** The types of the events about {@code subject}, in order. */
    List<String> typesOf(String subject) {
        return events.stream().filter(e -> e.subject().equals(subject)).map(NodeEvent::type).toList();
    }

    @Override
    public void close() throws Exception {
        subscription.close();
        node.close();
    }
}
