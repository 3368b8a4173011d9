package io.edgefusion.sandbox.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs CNI plugins as the spec's execution protocol says (§2, §3): the plugin named by a configuration's
 * {@code type} from {@link #pluginDirs}, parameters in {@code CNI_*} variables, the request configuration on stdin,
 * a result or an error object on stdout. A configuration list runs in order for ADD and CHECK with the previous
 * plugin's result as {@code prevResult}, and in reverse order for DEL with the ADD's final result. Plugins do the
 * networking; nothing here touches an interface.
 *
 * <p>{@code domain} is a command prefix that places the plugins in the runtime's "networking domain" (§2): empty
 * for this process's network namespace, the host's; {@code nsenter --net=FILE} for another one (tests use a
 * namespace they own, so bridges, iptables rules and sysctls never reach the host's).
 */
public final class CniInvoker {
    /** Where Debian's containernetworking-plugins and the upstream tarball put the binaries. */
    public static final List<Path> DEFAULT_DIRS = List.of(Path.of("/usr/lib/cni"), Path.of("/opt/cni/bin"));
    /** The protocol version we speak; Debian's plugins (1.1.x) support up to 1.0.0. */
    public static final String CNI_VERSION = "1.0.0";
    private static final long TIMEOUT_SECONDS = 60;
    private static final System.Logger LOG = System.getLogger(CniInvoker.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Path> pluginDirs;
    private final List<String> domain;

    public CniInvoker(List<Path> pluginDirs, List<String> domain) {
        this.pluginDirs = List.copyOf(pluginDirs);
        this.domain = List.copyOf(domain);
    }

    /** Plugins from {@link #DEFAULT_DIRS}, run in this process's network namespace. */
    public static CniInvoker host() {
        return new CniInvoker(DEFAULT_DIRS, List.of());
    }

    /** Plugins run in the network namespace bound at {@code netnsFile} (through util-linux nsenter). */
    public CniInvoker inNetns(Path netnsFile) {
        return new CniInvoker(pluginDirs, List.of("nsenter", "--net=" + netnsFile, "--"));
    }

    /** The attachment parameters of spec §3: same for ADD, CHECK and DEL of one attachment. */
    public record Params(String containerId, String netns, String ifname) {
    }

    /** ADD every plugin of {@code conflist} in order; returns the last plugin's result. */
    public CniResult add(ObjectNode conflist, Params p, Map<String, JsonNode> capabilityArgs) {
        JsonNode prev = null;
        for (JsonNode plugin : plugins(conflist)) {
            prev = exec("ADD", request(conflist, plugin, prev, capabilityArgs), p);
            if (prev == null) {
                throw new CniException(name(conflist), plugin.path("type").asText(), "ADD", CniException.NO_CODE,
                        "printed no result", "");
            }
        }
        return CniResult.parse(prev);
    }

    /** CHECK every plugin in order with the ADD's result; nothing when the list sets {@code disableCheck}. */
    public void check(ObjectNode conflist, Params p, Map<String, JsonNode> capabilityArgs, CniResult added) {
        if (conflist.path("disableCheck").asBoolean(false)) {
            return;
        }
        for (JsonNode plugin : plugins(conflist)) {
            exec("CHECK", request(conflist, plugin, added.raw(), capabilityArgs), p);
        }
    }

    /**
     * DEL every plugin in reverse order with the ADD's result ({@code added} may be null when none is known: the
     * plugins then clean up what they can). An empty {@code p.netns()} tells them the namespace is gone.
     */
    public void del(ObjectNode conflist, Params p, Map<String, JsonNode> capabilityArgs, CniResult added) {
        List<JsonNode> reversed = new ArrayList<>(plugins(conflist));
        java.util.Collections.reverse(reversed);
        for (JsonNode plugin : reversed) {
            exec("DEL", request(conflist, plugin, added == null ? null : added.raw(), capabilityArgs), p);
        }
    }

    /** The versions a plugin supports (CNI_COMMAND=VERSION). */
    public List<String> versions(String type) {
        ObjectNode req = JSON.createObjectNode().put("cniVersion", CNI_VERSION);
        JsonNode out = run(type, "VERSION", "-", req, new Params("", "", ""));
        List<String> v = new ArrayList<>();
        out.path("supportedVersions").forEach(n -> v.add(n.asText()));
        return v;
    }

    /**
     * Runs a host tool ({@code ip link delete BRIDGE}) in the same networking domain as the plugins; returns its
     * exit code. For what CNI does not cover: no plugin removes a bridge once its last attachment is gone.
     */
    public int tool(List<String> argv) {
        List<String> cmd = new ArrayList<>(domain);
        cmd.addAll(argv);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", cmd), e);
        }
    }

    private static List<JsonNode> plugins(ObjectNode conflist) {
        List<JsonNode> out = new ArrayList<>();
        conflist.path("plugins").forEach(out::add);
        if (out.isEmpty()) {
            throw new IllegalArgumentException("network " + name(conflist) + ": its configuration lists no plugins");
        }
        return out;
    }

    private static String name(ObjectNode conflist) {
        return conflist.path("name").asText("?");
    }

    /**
     * Spec §3 "deriving request configuration": the plugin's object with {@code cniVersion} and {@code name} of
     * the list, {@code runtimeConfig} = the capabilities it declares that we have arguments for, and
     * {@code prevResult}; {@code capabilities} itself is removed, every other field passes through.
     */
    static ObjectNode request(ObjectNode conflist, JsonNode plugin, JsonNode prevResult,
                              Map<String, JsonNode> capabilityArgs) {
        ObjectNode req = JSON.createObjectNode();
        req.put("cniVersion", conflist.path("cniVersion").asText(CNI_VERSION));
        req.put("name", name(conflist));
        for (Iterator<Map.Entry<String, JsonNode>> it = plugin.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getKey().equals("capabilities") && !f.getKey().equals("runtimeConfig")
                    && !f.getKey().equals("prevResult") && !f.getKey().equals("cniVersion")
                    && !f.getKey().equals("name")) {
                req.set(f.getKey(), f.getValue().deepCopy());
            }
        }
        ObjectNode rc = JSON.createObjectNode();
        JsonNode caps = plugin.path("capabilities");
        capabilityArgs.forEach((k, v) -> {
            if (caps.path(k).asBoolean(false)) {
                rc.set(k, v);
            }
        });
        if (!rc.isEmpty()) {
            req.set("runtimeConfig", rc);
        }
        if (prevResult != null) {
            req.set("prevResult", prevResult);
        }
        return req;
    }

    private JsonNode exec(String command, ObjectNode req, Params p) {
        return run(req.path("type").asText(), command, req.path("name").asText(), req, p);
    }

    /** One plugin run: the JSON it printed on success (null for an empty stdout), else a {@link CniException}. */
    private JsonNode run(String type, String command, String network, ObjectNode req, Params p) {
        Path bin = find(type, command, network);
        List<String> argv = new ArrayList<>(domain);
        argv.add(bin.toString());
        ProcessBuilder pb = new ProcessBuilder(argv);
        Map<String, String> env = pb.environment();
        env.clear(); // plugins get the protocol's variables and a PATH for iptables, nothing of ours
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", p.containerId());
        env.put("CNI_NETNS", p.netns());
        env.put("CNI_IFNAME", p.ifname());
        env.put("CNI_PATH", String.join(":", pluginDirs.stream().map(Path::toString).toList()));
        byte[] stdin = req.toString().getBytes(StandardCharsets.UTF_8);
        String out;
        String err;
        int rc;
        try {
            Process proc = pb.start();
            CompletableFuture<byte[]> stdout = drain(proc.getInputStream());
            CompletableFuture<byte[]> stderr = drain(proc.getErrorStream());
            try (var in = proc.getOutputStream()) {
                in.write(stdin);
            }
            if (!proc.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                proc.destroyForcibly();
                proc.waitFor();
                throw new CniException(network, type, command, CniException.NO_CODE,
                        "did not finish within " + TIMEOUT_SECONDS + "s", "");
            }
            rc = proc.exitValue();
            out = new String(stdout.join(), StandardCharsets.UTF_8).strip();
            err = new String(stderr.join(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new CniException(network, type, command, CniException.NO_CODE, "cannot run " + bin, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CniException(network, type, command, CniException.NO_CODE, "interrupted", "");
        }
        LOG.log(System.Logger.Level.DEBUG, "cni {0} {1} {2} {3} rc={4}", type, command, p.containerId(),
                p.ifname(), rc);
        if (rc != 0) {
            throw failure(network, type, command, rc, out, err);
        }
        if (out.isEmpty()) {
            return null;
        }
        try {
            return JSON.readTree(out);
        } catch (IOException e) {
            throw new CniException(network, type, command, CniException.NO_CODE, "printed what is not JSON",
                    firstLine(out));
        }
    }

    /** The spec's error object from stdout (where the plugins' library prints it) or stderr, else the exit. */
    static CniException failure(String network, String type, String command, int rc, String out, String err) {
        for (String text : List.of(out, err)) {
            try {
                JsonNode e = text.isEmpty() ? null : JSON.readTree(text);
                if (e != null && e.has("code") && e.has("msg")) {
                    return new CniException(network, type, command, e.path("code").asInt(), e.path("msg").asText(),
                            e.path("details").asText(""));
                }
            } catch (IOException ignored) {
                // not the error object: fall through to the exit status
            }
        }
        String said = !err.isEmpty() ? firstLine(err) : firstLine(out);
        return new CniException(network, type, command, CniException.NO_CODE, "exited with " + rc, said);
    }

    private Path find(String type, String command, String network) {
        if (type.isEmpty() || type.contains("/") || type.startsWith(".")) {
            throw new CniException(network, type.isEmpty() ? "?" : type, command, CniException.NO_CODE,
                    "plugin type '" + type + "' is not a file name", "");
        }
        for (Path d : pluginDirs) {
            Path bin = d.resolve(type);
            if (Files.isExecutable(bin)) {
                return bin;
            }
        }
        throw new CniException(network, type, command, CniException.NO_CODE, "plugin not found in "
                + String.join(":", pluginDirs.stream().map(Path::toString).toList()),
                "apt-get install containernetworking-plugins");
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static CompletableFuture<byte[]> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return in.readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        }, r -> Thread.ofVirtual().start(r));
    }
}
