package io.edgefusion.guardian.breaker;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefusion.guardian.HandClock;
import io.edgefusion.guardian.Json;
import io.edgefusion.guardian.KernelWaits;
import io.edgefusion.guardian.check.CheckOutcome;
import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A real diff snapshot: a sandbox writes a file, is isolated, and its layer holds the file. */
class SnapshotKernelTest {
    private final TestSandboxes ts = new TestSandboxes();
    private final Sandboxes sb = ts.sandboxes();

    @AfterEach
    void cleanUp() {
        ts.close();
    }

    @Test
    void theLayerHoldsWhatTheSandboxWroteAndTheJsonSaysWhy() throws Exception {
        String id = sb.run(ts.spec("sh", "-c", "echo evidence > /data.txt; rm /etc/hostname; echo wrote it;"
                + " exec sleep 1000"), true, OutputStream.nullOutputStream()).id();
        Path upper = sb.upperDir(sb.inspect(id));
        KernelWaits.until("the sandbox wrote its file", Duration.ofSeconds(20),
                () -> Files.exists(upper.resolve("data.txt")) && Files.exists(upper.resolve("etc/hostname")));
        new SandboxIsolation(sb).isolate(id);

        String failing = Json.write(new CheckOutcome.Failed("network.listen", "network.listen",
                "listens on 0.0.0.0:7777").toJson());
        Path root = ts.root().resolve("snapshots");
        Snapshots.Snapshot snap = new SandboxSnapshots(sb, ts.root(), root, new HandClock()).take("trip-1", id, failing);

        Path layer = snap.dir().resolve("layer.tar");
        assertThat(snap.dir()).isEqualTo(root.resolve("trip-1"));
        assertThat("sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(layer)))).isEqualTo(snap.layerDigest());
        Map<String, String> entries = new HashMap<>();
        try (InputStream in = Files.newInputStream(layer); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                entries.put(e.getName(), e.isFile() ? new String(tar.readAllBytes(), StandardCharsets.UTF_8) : "");
            }
        }
        assertThat(entries).containsEntry("data.txt", "evidence\n");
        assertThat(entries).containsKey("etc/.wh.hostname");

        JsonNode doc = Json.read(Files.readString(snap.dir().resolve("snapshot.json")));
        assertThat(doc.path("schema").asText()).isEqualTo("edgefusion.snapshot/v1");
        assertThat(doc.path("layer").path("digest").asText()).isEqualTo(snap.layerDigest());
        assertThat(doc.path("layer").path("mediaType").asText()).isEqualTo(SandboxSnapshots.LAYER_MEDIA_TYPE);
        assertThat(doc.path("failing_check").path("reason").asText()).contains("0.0.0.0:7777");
        assertThat(doc.path("changes").toString()).contains("/data.txt");
        assertThat(doc.path("stats").path("memory").path("current").asLong()).isPositive();
        assertThat(Files.readString(snap.dir().resolve("log-tail.txt"))).contains("wrote it");
        assertThat(snap.changes()).isGreaterThanOrEqualTo(2);

        // Taking it again (a resumed trip) rewrites the same files to the same layer.
        assertThat(new SandboxSnapshots(sb, ts.root(), root, new HandClock()).take("trip-1", id, failing).layerDigest())
                .isEqualTo(snap.layerDigest());
    }
}
