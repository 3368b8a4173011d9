package io.edgefusion.guardian.breaker;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.guardian.Json;
import io.edgefusion.image.diff.Change;
import io.edgefusion.image.diff.UpperDiff;
import io.edgefusion.image.layer.LayerTar;
import io.edgefusion.kernel.cgroup.CgroupStats;
import io.edgefusion.kernel.sys.KernelException;
import io.edgefusion.runtime.commit.SandboxChanges;
import io.edgefusion.sandbox.LogOptions;
import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.state.SandboxState;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;

/**
 * Snapshots of real sandboxes, one directory per trip under {@code root}:
 * <ul>
 *   <li>{@code layer.tar}: the upper dir against the sandbox's layers as an uncompressed OCI layer
 *       ({@code application/vnd.oci.image.layer.v1.tar}: whiteouts for deletions, opaque markers for replaced
 *       directories), written as {@code commit} writes layers, so its digest is its diff id;</li>
 *   <li>{@code log-tail.txt}: the last lines of its stdout and stderr, each with the reaper's time;</li>
 *   <li>{@code snapshot.json} ({@code edgefusion.snapshot/v1}): the layer's descriptor, the change list
 *       ({@link SandboxChanges#diff}), cgroup stats and the failing check.</li>
 * </ul>
 * The sandbox is frozen by then (isolation comes first), so the layer is one consistent moment.
 */
public final class SandboxSnapshots implements Snapshots {
    public static final String LAYER_MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar";
    static final int DEFAULT_TAIL = 200;

    private final Sandboxes sandboxes;
    private final SandboxChanges changes;
    private final Path root;
    private final InstantSource clock;
    private final int tailLines;

    /**
     * @param stateRoot the node's state root (image store for {@link SandboxChanges})
     * @param root      where snapshot directories go (the evidence log's snapshot directory)
     */
    public SandboxSnapshots(Sandboxes sandboxes, Path stateRoot, Path root, InstantSource clock) {
        this.sandboxes = sandboxes;
        this.changes = new SandboxChanges(sandboxes, stateRoot);
        this.root = root;
        this.clock = clock;
        this.tailLines = DEFAULT_TAIL;
    }

    @Override
    public Snapshot take(String tripId, String sandboxId, String failingCheck) {
        if (!tripId.matches("[A-Za-z0-9._-]{1,128}")) {
            throw new IllegalArgumentException("trip id " + tripId + " is not a safe directory name");
        }
        SandboxState s = sandboxes.inspect(sandboxId);
        Path dir = root.resolve(tripId);
        try {
            Files.createDirectories(dir);
            SandboxChanges.Diff diff = changes.diff(s.id());
            List<Path> lowers = s.spec().layers().stream().map(SandboxSnapshots::real).toList();
            var items = new UpperDiff(sandboxes.upperDir(s), lowers).items(null);
            Path tmp = dir.resolve("layer.tar.tmp");
            MessageDigest sha = sha256();
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), sha)) {
                LayerTar.write(items, out);
            }
            long size = Files.size(tmp);
            Files.move(tmp, dir.resolve("layer.tar"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            String digest = "sha256:" + HexFormat.of().formatHex(sha.digest());

            ByteArrayOutputStream log = new ByteArrayOutputStream();
            sandboxes.logs(s.id(), new LogOptions(false, tailLines, 0, Long.MAX_VALUE, true), log, log);
            String tail = log.toString(StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("log-tail.txt"), tail);
            int lines = (int) tail.lines().count();

            ObjectNode doc = Json.object().put("schema", "edgefusion.snapshot/v1").put("trip", tripId)
                    .put("sandbox", s.id()).put("taken_at", clock.instant().toString());
            if (s.name() != null) {
                doc.put("name", s.name());
            }
            if (s.spec().image() != null) {
                doc.put("image", s.spec().image());
            }
            doc.putObject("layer").put("mediaType", LAYER_MEDIA_TYPE).put("digest", digest).put("size", size)
                    .put("path", "layer.tar");
            ArrayNode ch = doc.putArray("changes");
            for (Change c : diff.changes()) {
                ch.addObject().put("kind", c.kind().name()).put("path", "/" + c.path());
            }
            doc.set("stats", stats(s.id()));
            doc.set("failing_check", parse(failingCheck));
            doc.put("log_tail", "log-tail.txt").put("log_tail_lines", lines);
            Path json = dir.resolve("snapshot.json.tmp");
            Files.writeString(json, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n");
            Files.move(json, dir.resolve("snapshot.json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            return new Snapshot(dir, digest, size, diff.changes().size(), lines);
        } catch (IOException e) {
            throw new UncheckedIOException("snapshot of sandbox " + s.shortId() + " into " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    private ObjectNode stats(String id) {
        ObjectNode o = Json.object();
        try {
            CgroupStats st = sandboxes.cgroup(id).stats();
            st.memory().ifPresent(m -> {
                ObjectNode mem = o.putObject("memory").put("current", m.current()).put("oom_events", m.oomEvents())
                        .put("oom_kills", m.oomKills());
                m.peak().ifPresent(p -> mem.put("peak", p));
            });
            st.cpu().ifPresent(c -> {
                ObjectNode cpu = o.putObject("cpu").put("nr_periods", c.nrPeriods()).put("nr_throttled",
                        c.nrThrottled()).put("throttled_ns", c.throttledNanos());
                c.usageNanos().ifPresent(u -> cpu.put("usage_ns", u));
            });
            st.pids().ifPresent(p -> o.putObject("pids").put("current", p.current()));
        } catch (KernelException | UncheckedIOException e) {
            o.put("unavailable", e.getMessage());
        }
        return o;
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        try {
            return Json.read(json);
        } catch (IllegalArgumentException e) {
            return Json.MAPPER.getNodeFactory().textNode(json);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("layer " + p + " is gone", e);
        }
    }
}
