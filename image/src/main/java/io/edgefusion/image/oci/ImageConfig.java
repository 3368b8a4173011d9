package io.edgefusion.image.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.image.ImageException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An image configuration (OCI config.md; Docker's image JSON has the same shape). Held as the JSON tree it was
 * read from so that unknown fields survive; the accessors read the parts EdgeFusion uses, and the
 * {@code with…} methods return a modified copy for build and commit.
 */
public final class ImageConfig {
    private final ObjectNode json;

    private ImageConfig(ObjectNode json) {
        this.json = json;
    }

    public static ImageConfig parse(byte[] bytes, String what) {
        ImageConfig c = new ImageConfig(OciJson.parseObject(bytes, what));
        c.diffIds(); // validates rootfs
        return c;
    }

    /** An empty linux config for this machine's architecture (FROM scratch). */
    public static ImageConfig scratch(String created) {
        ObjectNode n = OciJson.MAPPER.createObjectNode();
        n.put("created", created);
        n.put("architecture", goArch());
        n.put("os", "linux");
        n.putObject("config");
        ObjectNode rootfs = n.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids");
        n.putArray("history");
        return new ImageConfig(n);
    }

    /** The GOARCH-style name of this JVM's architecture, as OCI platforms spell it. */
    public static String goArch() {
        String a = System.getProperty("os.arch");
        return switch (a) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "arm" -> "arm";
            default -> a;
        };
    }

    public ObjectNode json() {
        return json.deepCopy();
    }

    public byte[] bytes() {
        return OciJson.bytes(json);
    }

    public List<Digest> diffIds() {
        JsonNode rootfs = json.get("rootfs");
        JsonNode ids = rootfs == null ? null : rootfs.get("diff_ids");
        if (ids == null || !ids.isArray()) {
            throw new ImageException("image config has no rootfs.diff_ids");
        }
        List<Digest> out = new ArrayList<>();
        ids.forEach(d -> out.add(Digest.parse(d.asText())));
        return out;
    }

    public String created() {
        return OciJson.text(json, "created");
    }

    public String architecture() {
        return OciJson.text(json, "architecture");
    }

    public String os() {
        return OciJson.text(json, "os");
    }

    private JsonNode container() {
        JsonNode c = json.get("config");
        return c == null || c.isNull() ? OciJson.MAPPER.createObjectNode() : c;
    }

    public List<String> env() {
        return strings(container().get("Env"));
    }

    public List<String> entrypoint() {
        return strings(container().get("Entrypoint"));
    }

    public List<String> cmd() {
        return strings(container().get("Cmd"));
    }

    public String workingDir() {
        String w = OciJson.text(container(), "WorkingDir");
        return w == null || w.isEmpty() ? "/" : w;
    }

    public String user() {
        String u = OciJson.text(container(), "User");
        return u == null ? "" : u;
    }

    public Map<String, String> labels() {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode l = container().get("Labels");
        if (l != null && l.isObject()) {
            l.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    /** One history entry; {@code emptyLayer} entries change only the config. */
    public record History(String created, String createdBy, String comment, boolean emptyLayer) {
    }

    public List<History> history() {
        List<History> out = new ArrayList<>();
        JsonNode h = json.get("history");
        if (h != null && h.isArray()) {
            for (JsonNode e : h) {
                out.add(new History(OciJson.text(e, "created"), OciJson.text(e, "created_by"),
                        OciJson.text(e, "comment"), e.path("empty_layer").asBoolean(false)));
            }
        }
        return out;
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            n.forEach(x -> out.add(x.asText()));
        }
        return out;
    }

    private ImageConfig edit(java.util.function.Consumer<ObjectNode> change) {
        ObjectNode copy = json.deepCopy();
        change.accept(copy);
        return new ImageConfig(copy);
    }

    private static ObjectNode containerOf(ObjectNode root) {
        JsonNode c = root.get("config");
        return c instanceof ObjectNode o ? o : root.putObject("config");
    }

    /** Adds a layer's diff_id and its history entry; {@code created} also becomes the image's creation time. */
    public ImageConfig withLayer(Digest diffId, String createdBy, String created) {
        return edit(n -> {
            ((ArrayNode) n.get("rootfs").get("diff_ids")).add(diffId.toString());
            addHistory(n, createdBy, created, false);
        });
    }

    /** Records a config-only step (ENV, CMD, …) in the history. */
    public ImageConfig withHistory(String createdBy, String created) {
        return edit(n -> addHistory(n, createdBy, created, true));
    }

    private static void addHistory(ObjectNode n, String createdBy, String created, boolean empty) {
        JsonNode h = n.get("history");
        ArrayNode arr = h instanceof ArrayNode a ? a : n.putArray("history");
        ObjectNode e = arr.addObject();
        e.put("created", created);
        e.put("created_by", createdBy);
        if (empty) {
            e.put("empty_layer", true);
        }
        n.put("created", created);
    }

    public ImageConfig withEnv(List<String> env) {
        return edit(n -> setStrings(containerOf(n), "Env", env));
    }

    public ImageConfig withEntrypoint(List<String> v) {
        return edit(n -> setStrings(containerOf(n), "Entrypoint", v));
    }

    public ImageConfig withCmd(List<String> v) {
        return edit(n -> setStrings(containerOf(n), "Cmd", v));
    }

    public ImageConfig withWorkingDir(String dir) {
        return edit(n -> containerOf(n).put("WorkingDir", dir));
    }

    public ImageConfig withUser(String user) {
        return edit(n -> containerOf(n).put("User", user));
    }

    public ImageConfig withLabel(String key, String value) {
        return edit(n -> {
            ObjectNode c = containerOf(n);
            JsonNode l = c.get("Labels");
            ObjectNode labels = l instanceof ObjectNode o ? o : c.putObject("Labels");
            labels.put(key, value);
        });
    }

    private static void setStrings(ObjectNode c, String field, List<String> values) {
        ArrayNode a = c.putArray(field);
        values.forEach(a::add);
    }

    /** Env as a map, later entries winning, in first-seen order. */
    public static Map<String, String> envMap(List<String> env) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String e : env) {
            int eq = e.indexOf('=');
            m.put(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
        }
        return m;
    }
}
