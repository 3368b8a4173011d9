package io.edgefusion.platform.profile;

import io.edgefusion.platform.contract.ContractException;
import io.edgefusion.platform.contract.CoreContract;
import io.edgefusion.platform.testing.TestCatalog;
import io.edgefusion.platform.yaml.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Profiles and contracts an attacker (or an accident) wrote: each is refused with one {@code FILE: reason} line,
 * never a stack trace, and the over-size one is refused on its size without being read.
 */
class HostileProfileTest {
    private final ProfileValidator validator = new ProfileValidator(TestCatalog.withHalStandIns(),
            CoreContract.builtIn());

    @TempDir
    Path dir;

    /** A 40 MB one-line file: the refusal names the size and the limit, and says the file was not read. */
    @Test
    void oversizeOneLineProfileIsRefusedUnread() throws IOException {
        Path f = dir.resolve("huge.yaml");
        try (OutputStream out = Files.newOutputStream(f)) {
            byte[] chunk = new byte[1 << 20];
            Arrays.fill(chunk, (byte) 'a');
            out.write("platform: ".getBytes());
            for (int i = 0; i < 40; i++) {
                out.write(chunk);
            }
        }
        ProfileCheck c = validator.validate(f);
        assertThat(c.ok()).isFalse();
        assertThat(c.problems()).extracting(Problem::toString)
                .containsExactly(f + ": profile of 40.0 MiB is over the 1 MiB limit; not read");
    }

    /** A 10000-deep list ends the composer's recursion in a StackOverflowError unless refused first. */
    @Test
    void tenThousandDeepListIsRefusedInOneLine() throws IOException {
        Path flow = dir.resolve("deep-flow.yaml");
        Files.writeString(flow, "platform: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n");
        Path block = dir.resolve("deep-block.yaml");
        Files.writeString(block, "platform:\n  " + "- ".repeat(10_000) + "x\n");   // compact nested block lists
        for (Path f : new Path[] {flow, block}) {
            ProfileCheck c = validator.validate(f);
            assertThat(c.problems()).hasSize(1);
            assertThat(c.problems().getFirst().toString()).startsWith(f + ":")
                    .endsWith(": document nests deeper than 64 levels").doesNotContain("\n");
        }
    }

    /** Nine levels of ten aliases stand for 10^9 nodes in a few hundred bytes. */
    @Test
    void billionLaughsIsRefusedInOneLine() throws IOException {
        StringBuilder y = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 9; i++) {
            y.append("a").append(i).append(": &a").append(i).append(" [");
            for (int k = 0; k < 10; k++) {
                y.append(k == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            y.append("]\n");
        }
        Path f = dir.resolve("laughs.yaml");
        Files.writeString(f, y + "platform: *a9\narch: x86_64\nstage: development\n");
        ProfileCheck c = validator.validate(f);
        assertThat(c.problems()).extracting(Problem::toString).singleElement().asString()
                .startsWith(f + ":").endsWith(": aliases expand the document to more than 100000 nodes");
    }

    @Test
    void aRecursiveAliasIsRefusedInOneLine() {
        ProfileCheck c = validator.validate("loop.yaml", "platform: &p [a, *p]\narch: x86_64\nstage: development\n",
                java.util.Optional.empty());
        assertThat(c.problems()).extracting(Problem::toString)
                .containsExactly("loop.yaml:1:18: alias *p refers to a collection that contains it");
    }

    /** A modest use of anchors, as people write to avoid repeating themselves, still validates. */
    @Test
    void ordinaryAnchorsStillWork() {
        ProfileCheck c = validator.validate("anchors.yaml", """
                platform: p
                arch: &arch x86_64
                stage: development
                jvm:
                  options: &opts [-Xss512k]
                """, java.util.Optional.empty());
        assertThat(c.problems()).isEmpty();
    }

    @Test
    void oversizeContractIsRefusedUnread() throws IOException {
        Path f = dir.resolve("contract.yaml");
        try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {'x'}), 5L << 20);   // sparse: 5 MiB, one block
        }
        assertThatThrownBy(() -> CoreContract.load(f)).isInstanceOf(ContractException.class)
                .hasMessage("invalid contract: " + f + ": contract of 5.0 MiB is over the 1 MiB limit; not read");
    }

    @Test
    void deepContractIsRefusedInOneLine() throws IOException {
        Path f = dir.resolve("deep-contract.yaml");
        Files.writeString(f, "contract: " + "{a: ".repeat(5000) + "b" + "}".repeat(5000) + "\n");
        assertThatThrownBy(() -> CoreContract.load(f)).isInstanceOf(ContractException.class)
                .hasMessageEndingWith(": document nests deeper than 64 levels");
    }
}
