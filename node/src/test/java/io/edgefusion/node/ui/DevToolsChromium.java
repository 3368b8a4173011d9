package io.edgefusion.node.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's headless Chromium, started by the test and driven over the DevTools protocol (a WebSocket from the
 * JDK's HttpClient): navigate, evaluate JavaScript, wait for a condition inside the page, take a screenshot. It
 * runs as root here, so {@code --no-sandbox} is required; its profile is a temp directory of its own, and
 * {@link #close} ends exactly the process tree it started (by pid), then removes the profile.
 */
final class DevToolsChromium implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration CALL = Duration.ofSeconds(30);

    private final Process process;
    private final Path profile;
    private final Path log;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    /** Every protocol event the page sent (console messages, exceptions, log entries). */
    final List<JsonNode> events = new CopyOnWriteArrayList<>();

    private DevToolsChromium(Process process, Path profile, Path log, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.log = log;
        this.socket = socket;
    }

    /** Starts a browser with one blank page, {@code width}×{@code height}, and connects to that page. */
    static DevToolsChromium start(Path workDir, int width, int height) throws Exception {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: install Debian's chromium (apt-get install -y"
                    + " chromium)");
        }
        Path profile = Files.createTempDirectory(workDir, "chromium-profile-");
        Path log = workDir.resolve(profile.getFileName() + ".log");
        Process p = new ProcessBuilder(BINARY.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
                "--window-size=" + width + "," + height, "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                "--disable-backgrounding-occluded-windows", "--hide-scrollbars", "--password-store=basic",
                "about:blank")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            int port = devToolsPort(p, profile.resolve("DevToolsActivePort"), log);
            String ws = pageSocket(port);
            DevToolsChromium c = connect(p, profile, log, ws);
            c.call("Page.enable", Map.of());
            c.call("Runtime.enable", Map.of());
            c.call("Log.enable", Map.of());
            return c;
        } catch (Exception | Error e) {
            kill(p);
            io.edgefusion.kernel.sys.TreeRemoval.remove(profile);
            throw e;
        }
    }

    /** Chromium writes its port into the profile once it listens: wait for it (or for its death). */
    private static int devToolsPort(Process p, Path file, Path log) throws Exception {
        Instant deadline = Instant.now().plus(START);
        while (Instant.now().isBefore(deadline)) {
            if (!p.isAlive()) {
                throw new IllegalStateException("chromium exited with " + p.exitValue() + " before it listened: "
                        + tail(log));
            }
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file);
                if (lines.size() >= 2 && !lines.get(0).isBlank()) {
                    return Integer.parseInt(lines.get(0).strip());
                }
            }
            // Nothing to block on: the file appears when the browser's DevTools server is up.
            p.waitFor(50, TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException("chromium did not listen within " + START + ": " + tail(log));
    }

    private static String pageSocket(int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/json/list")).timeout(CALL).build(), HttpResponse.BodyHandlers.ofString());
        for (JsonNode t : JSON.readTree(r.body())) {
            if (t.path("type").asText().equals("page") && t.path("url").asText().equals("about:blank")) {
                return t.path("webSocketDebuggerUrl").asText();
            }
        }
        throw new IllegalStateException("chromium has no blank page target: " + r.body());
    }

    private static DevToolsChromium connect(Process p, Path profile, Path log, String ws) throws Exception {
        CompletableFuture<DevToolsChromium> self = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket s, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    String message = text.toString();
                    text.setLength(0);
                    self.thenAccept(c -> c.received(message));
                }
                s.request(1);
                return null;
            }
        };
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(CALL)
                .buildAsync(URI.create(ws), listener).get(CALL.toSeconds(), TimeUnit.SECONDS);
        DevToolsChromium c = new DevToolsChromium(p, profile, log, socket);
        self.complete(c);
        return c;
    }

    private void received(String message) {
        try {
            JsonNode n = JSON.readTree(message);
            if (n.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(n.get("id").asInt());
                if (f != null) {
                    f.complete(n);
                }
            } else {
                events.add(n);
            }
        } catch (IOException e) {
            events.add(JSON.createObjectNode().put("unreadable", message));
        }
    }

    /** One protocol call; its {@code result}, or an exception with the protocol's error. */
    synchronized JsonNode call(String method, Map<String, ?> params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        msg.set("params", JSON.valueToTree(params));
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        socket.sendText(msg.toString(), true).get(CALL.toSeconds(), TimeUnit.SECONDS);
        JsonNode r = f.get(CALL.toSeconds() + 30, TimeUnit.SECONDS);
        if (r.has("error")) {
            throw new IllegalStateException(method + ": " + r.get("error"));
        }
        return r.path("result");
    }

    /** Loads {@code url} and waits until its document has loaded. */
    void navigate(String url) throws Exception {
        JsonNode r = call("Page.navigate", Map.of("url", url));
        if (r.hasNonNull("errorText")) {
            throw new IllegalStateException("navigate " + url + ": " + r.get("errorText").asText());
        }
        waitFor("the page at " + url + " loaded", "document.readyState === 'complete'", CALL);
    }

    void reload() throws Exception {
        call("Page.reload", Map.of("ignoreCache", false));
        waitFor("the reloaded page", "document.readyState === 'complete' && !!document.body.dataset.refreshes",
                CALL);
    }

    /** The value of a JavaScript expression (promises awaited), or an exception with the page's error. */
    JsonNode eval(String expression) throws Exception {
        JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                "awaitPromise", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("evaluate " + expression + ": " + r.get("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    String text(String expression) throws Exception {
        return eval(expression).asText();
    }

    /**
     * Waits inside the page until {@code condition} (a JavaScript expression) is truthy, re-checking it whenever
     * the page's timers run, up to {@code timeout}; fails naming {@code what} and what the page shows then.
     */
    void waitFor(String what, String condition, Duration timeout) throws Exception {
        String js = """
                new Promise((resolve) => {
                  const until = performance.now() + %d;
                  const check = () => {
                    let ok = false;
                    try { ok = !!(%s); } catch (e) { ok = false; }
                    if (ok || performance.now() > until) { resolve(ok); } else { setTimeout(check, 50); }
                  };
                  check();
                })""".formatted(timeout.toMillis(), condition);
        JsonNode ok;
        try {
            ok = eval(js);
        } catch (IllegalStateException e) {
            // A navigation replaced the page while we waited: check once more in the new one.
            ok = eval(js);
        }
        if (!ok.asBoolean()) {
            String shown = eval("document.body ? document.body.innerText.slice(0, 3000) : '(no body)'").asText();
            throw new AssertionError("timed out after " + timeout + " waiting for " + what + " (" + condition
                    + "); the page shows:\n" + shown);
        }
    }

    /** A PNG of the whole page. */
    void screenshot(Path file) throws Exception {
        JsonNode r = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(r.get("data").asText()));
    }

    /** Console errors, uncaught exceptions and log errors the page produced so far. */
    List<String> problems() {
        List<String> out = new ArrayList<>();
        for (JsonNode e : events) {
            String m = e.path("method").asText();
            if (m.equals("Runtime.exceptionThrown")) {
                out.add("exception: " + e.path("params").path("exceptionDetails"));
            } else if (m.equals("Log.entryAdded") && e.path("params").path("entry").path("level").asText()
                    .equals("error")) {
                out.add("log: " + e.path("params").path("entry").path("text").asText() + " ("
                        + e.path("params").path("entry").path("url").asText() + ")");
            } else if (m.equals("Runtime.consoleAPICalled") && e.path("params").path("type").asText()
                    .equals("error")) {
                out.add("console: " + e.path("params").path("args"));
            }
        }
        return out;
    }

    @Override
    public void close() {
        try {
            socket.abort();
        } finally {
            kill(process);
            io.edgefusion.kernel.sys.TreeRemoval.remove(profile);
        }
    }

    /** Ends the browser and every process it started (renderers, zygotes), by pid: never by name. */
    private static void kill(Process p) {
        List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
        p.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        try {
            p.waitFor(30, TimeUnit.SECONDS);
            for (ProcessHandle h : tree) {
                h.onExit().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("chromium (pid " + p.pid() + ") did not end: " + e, e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    Path log() {
        return log;
    }
}
