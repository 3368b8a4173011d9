package io.edgefusion.nativehelper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The helper and the thin client are C that must build for the arm64 boards too, not only for this machine: compile it with Debian's
 * aarch64 cross gcc and the very flags the build uses (read from this module's pom, -Wall -Wextra -Werror
 * included), and check the result is an aarch64 executable. Nothing foreign is run. A missing cross compiler
 * fails the test.
 */
class HelperCrossCompileTest {
    private static final String CROSS_GCC = "aarch64-linux-gnu-gcc";
    /** ELF e_machine of aarch64 (elf.h EM_AARCH64). */
    private static final int EM_AARCH64 = 183;

    @TempDir
    Path tmp;

    @Test
    void theHelperCompilesWarningFreeForAarch64() throws IOException, InterruptedException {
        crossCompile("edgefusion-helper", Path.of("src/main/c"));
    }

    @Test
    void theThinClientCompilesWarningFreeForAarch64() throws IOException, InterruptedException {
        crossCompile("edgefusion-client", Path.of("src/main/c/client"));
    }

    private void crossCompile(String binary, Path sources) throws IOException, InterruptedException {
        List<String> flags = buildFlags(binary);
        assertThat(flags).contains("-Wall", "-Wextra", "-Werror", "-static");
        Path out = tmp.resolve(binary + "-aarch64");
        List<String> cmd = new ArrayList<>();
        cmd.add(CROSS_GCC);
        cmd.addAll(flags);
        cmd.addAll(List.of("-o", out.toString()));
        try (Stream<Path> s = Files.list(sources)) {
            s.filter(p -> p.toString().endsWith(".c")).sorted().forEach(p -> cmd.add(p.toString()));
        }
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(CROSS_GCC + " is missing: apt-get install -y gcc-aarch64-linux-gnu"
                    + " libc6-dev-arm64-cross", e);
        }
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + log).isZero();
        assertThat(log).as("warnings").isEmpty();

        byte[] elf = Files.readAllBytes(out);
        assertThat(new String(elf, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("ELF");
        assertThat(elf[4]).as("ELFCLASS64").isEqualTo((byte) 2);
        assertThat((elf[18] & 0xff) | (elf[19] & 0xff) << 8).as("e_machine").isEqualTo(EM_AARCH64);
    }

    /** The gcc flags of the pom's compile execution, so this test cannot drift from the real build. */
    private static List<String> buildFlags(String binary) throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher m = Pattern.compile("gcc ((?:-\\S+ )+)-o \"\\$\\{helper\\.dir}/" + Pattern.quote(binary) + "\"")
                .matcher(pom);
        assertThat(m.find()).as("the gcc line of " + binary + " in native/pom.xml").isTrue();
        List<String> flags = new ArrayList<>(List.of(m.group(1).strip().split("\\s+")));
        flags.remove("-s"); // stripping is a packaging step; keep symbols for a readable failure
        return flags;
    }
}
