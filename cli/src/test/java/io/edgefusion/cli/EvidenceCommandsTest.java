package io.edgefusion.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefusion.cli.json.SchemaCheck;
import io.edgefusion.guardian.evidence.EvidenceLog;
import io.edgefusion.guardian.evidence.NodeKey;
import io.edgefusion.guardian.store.Sql;
import io.edgefusion.node.NodePaths;
import io.edgefusion.node.store.NodeDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code edgefusion evidence ls|show|verify|export|key} on a temp state root whose log was written the way the
 * node writes it (its NodeDatabase behind the guardian's Sql), then read by the CLI with no node running.
 */
class EvidenceCommandsTest {
    private static final Path DOCS = Path.of("../docs/json");

    @TempDir
    Path root;
    @TempDir
    Path elsewhere;

    private final ObjectMapper json = new ObjectMapper();
    private final SchemaCheck schemas = new SchemaCheck(DOCS);

    /** The node's side: its database as the guardian's Sql (how the node wires it), a key, a few records. */
    private String nodeWrites() throws Exception {
        NodePaths paths = new NodePaths(root);
        try (NodeDatabase db = NodeDatabase.open(paths)) {
            Sql sql = new Sql() {
                @Override
                public <T> T inTransaction(Work<T> work) {
                    return db.inTransaction(work::run);
                }

                @Override
                public void migrate(String component, List<String> steps) {
                    db.migrate(component, steps);
                }
            };
            NodeKey key = NodeKey.loadOrCreate(paths.nodeDir());
            EvidenceLog log = EvidenceLog.open(sql, key, paths.nodeDir().resolve(EvidenceLog.DIR), Clock.systemUTC());
            log.append("check.failed", "line-monitor/api", Map.of("check", "contract", "reason",
                    "listens on 0.0.0.0:9091, outside the contract", "revision", 4));
            log.append("breaker.opened", "line-monitor/api", Map.of("failures", 3, "window", "10s"));
            Path staging = log.newStagingDirectory();
            Files.writeString(staging.resolve("diff.tar"), "upper dir");
            log.append("breaker.snapshot", "line-monitor/api", Map.of("revision", 4), Optional.of(staging));
            log.append("check.recovered", "other/db", Map.of("revision", 2));
            return key.publicKey().fingerprint();
        }
    }

    private JsonNode valid(String name, CliRun r) throws Exception {
        JsonNode doc = json.readTree(r.out());
        assertThat(doc.fieldNames().next()).isEqualTo("schema");
        assertThat(doc.path("schema").asText()).isEqualTo("edgefusion." + name + "/v1");
        assertThat(schemas.problems(name + ".schema.json", doc)).as(doc.toPrettyString()).isEmpty();
        return doc;
    }

    @Test
    void lsShowVerifyAndKeyWithoutANode() throws Exception {
        String fp = nodeWrites();
        byte[] before = Files.readAllBytes(root.resolve("node/state.db"));

        CliRun ls = CliRun.under(root, "evidence", "ls");
        assertThat(ls.exitCode()).as(ls.err()).isZero();
        assertThat(ls.out().lines().toList()).hasSize(5).first().asString().startsWith("SEQ").contains("SUBJECT");
        assertThat(ls.out()).contains("breaker.opened").contains("line-monitor/api");
        JsonNode lsDoc = valid("evidence.ls", CliRun.under(root, "evidence", "ls", "--json", "--subject",
                "line-monitor/api", "--since", "1h"));
        assertThat(lsDoc.path("records").findValuesAsText("kind")).containsExactly("check.failed", "breaker.opened",
                "breaker.snapshot");
        assertThat(lsDoc.path("records").get(1).path("payload").path("failures").asInt()).isEqualTo(3);
        assertThat(json.readTree(CliRun.under(root, "evidence", "ls", "--json", "--since", "2000-01-01T00:00:00Z")
                .out()).path("records")).hasSize(4);

        CliRun show = CliRun.under(root, "evidence", "show", "3");
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out()).contains("kind:       breaker.snapshot").contains("signed by:  " + fp)
                .contains("snapshot:   " + root.resolve("node/evidence/snapshots/3"));
        JsonNode showDoc = valid("evidence.show", CliRun.under(root, "evidence", "show", "3", "--json"));
        assertThat(showDoc.path("payload").path("snapshot").path("files").get(0).path("path").asText())
                .isEqualTo("diff.tar");
        assertThat(valid("evidence.show", CliRun.under(root, "evidence", "show", "1", "--json"))
                .path("snapshotDir").isNull()).isTrue();
        CliRun missing = CliRun.under(root, "evidence", "show", "99");
        assertThat(missing.exitCode()).isEqualTo(125);
        assertThat(missing.err()).isEqualTo("edgefusion: evidence record 99: no such record in "
                + root.resolve("node/state.db") + "\n");

        CliRun verify = CliRun.under(root, "evidence", "verify");
        assertThat(verify.exitCode()).as(verify.err()).isZero();
        assertThat(verify.out()).isEqualTo("4 records, chain intact, signed by " + fp + "\n");
        JsonNode v = valid("evidence.verify", CliRun.under(root, "evidence", "verify", "--json"));
        assertThat(v.path("intact").asBoolean()).isTrue();
        assertThat(v.path("problem").isNull()).isTrue();

        CliRun key = CliRun.under(root, "evidence", "key");
        assertThat(key.exitCode()).isZero();
        assertThat(key.out()).startsWith("-----BEGIN PUBLIC KEY-----").isEqualTo(Files.readString(
                root.resolve("node/evidence.pub")));
        assertThat(key.err()).isEqualTo(fp + "\n");
        assertThat(CliRun.under(root, "evidence", "key", "--fingerprint").out()).isEqualTo(fp + "\n");

        assertThat(Files.readAllBytes(root.resolve("node/state.db"))).as("the CLI only reads").isEqualTo(before);
    }

    @Test
    void verifyNamesTheFirstBadRecordAndExitsOne() throws Exception {
        nodeWrites();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + root.resolve("node/state.db"));
             Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER evidence_records_no_update");
            s.execute("UPDATE evidence_records SET payload = replace(payload, '3', '1') WHERE seq = 2");
        }
        CliRun r = CliRun.under(root, "evidence", "verify");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("seq 2: edited: its content does not match its hash\n");
        JsonNode v = valid("evidence.verify", CliRun.under(root, "evidence", "verify", "--json"));
        assertThat(v.path("problem").path("seq").asInt()).isEqualTo(2);
        assertThat(v.path("problem").path("kind").asText()).isEqualTo("edited");

        Files.writeString(root.resolve("node/evidence/snapshots/3/diff.tar"), "changed");
        assertThat(CliRun.under(root, "evidence", "verify").out()).startsWith("seq 2: edited");
    }

    @Test
    void exportedBundlesVerifyElsewhereAndAnotherKeyFails() throws Exception {
        String fp = nodeWrites();
        Path dir = elsewhere.resolve("out/bundle");
        Files.createDirectories(dir.getParent());
        Path tar = elsewhere.resolve("out/evidence.tar.gz");
        CliRun e1 = CliRun.under(root, "evidence", "export", "-o", dir.toString());
        assertThat(e1.exitCode()).as(e1.err()).isZero();
        assertThat(e1.out()).isEqualTo("exported 4 records and 1 snapshot file to " + dir + ", signed by " + fp + "\n");
        assertThat(CliRun.under(root, "evidence", "export", "-o", tar.toString()).exitCode()).isZero();
        Path trusted = elsewhere.resolve("node.pub");
        Files.writeString(trusted, CliRun.under(root, "evidence", "key").out());
        CliRun again = CliRun.under(root, "evidence", "export", "-o", tar.toString());
        assertThat(again.exitCode()).isEqualTo(125);
        assertThat(again.err()).contains(tar + ": already exists");

        // The other machine: no state root, only the bundles and the key it was given.
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertThat(root).doesNotExist();
        Path empty = Files.createDirectory(elsewhere.resolve("no-root"));
        for (Path b : List.of(dir, tar)) {
            CliRun ok = CliRun.under(empty, "evidence", "verify", "--bundle", b.toString(), "--key", trusted.toString());
            assertThat(ok.exitCode()).as(ok.err()).isZero();
            assertThat(ok.out()).isEqualTo("4 records, chain intact, signed by " + fp + "\n");
            valid("evidence.verify", CliRun.under(empty, "evidence", "verify", "--bundle", b.toString(), "--json"));
        }
        Path otherRoot = elsewhere.resolve("other-node");
        Files.writeString(Files.createDirectories(elsewhere.resolve("k")).resolve("other.pub"),
                NodeKey.loadOrCreate(otherRoot).publicKey().pem());
        CliRun wrong = CliRun.under(empty, "evidence", "verify", "--bundle", tar.toString(), "--key",
                elsewhere.resolve("k/other.pub").toString());
        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.out()).startsWith("seq 1: signed by another key: " + fp + ", not SHA256:");
    }

    @Test
    void aRootWithoutANodeHasNoEvidenceYet() {
        CliRun ls = CliRun.under(root, "evidence", "ls");
        assertThat(ls.exitCode()).as(ls.err()).isZero();
        assertThat(ls.out()).startsWith("SEQ");
        CliRun v = CliRun.under(root, "evidence", "verify");
        assertThat(v.exitCode()).isZero();
        assertThat(v.out()).isEqualTo("0 records, no evidence key yet (no node has run on " + root + ")\n");
        CliRun key = CliRun.under(root, "evidence", "key");
        assertThat(key.exitCode()).isEqualTo(125);
        assertThat(key.err()).isEqualTo("edgefusion: " + root.resolve("node/evidence.pub")
                + ": no evidence key yet (the node creates it on first start)\n");
        assertThat(root.resolve("node/state.db")).doesNotExist();
        CliRun help = CliRun.of("evidence", "-h");
        assertThat(help.out()).contains("verify").contains("export").contains("Examples:");
    }
}
