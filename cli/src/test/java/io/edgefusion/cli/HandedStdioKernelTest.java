package io.edgefusion.cli;

import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An attached workload gets the caller's own non-terminal stdio, as a shell's child would: its stdout is the
 * caller's pipe or file itself (same pipe, same file offset, O_APPEND kept), stdin too with -i, not a relay.
 * The CLI runs in its own JVM from a shell, exactly as a user's pipeline runs it.
 */
@KernelTest
class HandedStdioKernelTest {
    private final TestSandboxes ts = new TestSandboxes();
    private final Path ef = CliProcess.launcher(ts.root());
    private final String run = ef + " run --root=" + ts.root() + " --rm ";

    @AfterEach
    void tearDown() {
        ts.close();
    }

    private record Done(int code, String out, String err) {
    }

    /** {@code sh -c script} with stdout and stderr as pipes; stdin /dev/null. */
    private static Done sh(String script) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", script).redirectInput(ProcessBuilder.Redirect.from(
                new java.io.File("/dev/null"))).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Done(p.exitValue(), out, err.get(120, TimeUnit.SECONDS));
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theWorkloadsStdoutAndStderrAreTheCallersPipes() throws Exception {
        // The caller's shell prints its own fd 1 and 2 after the workload printed its own: the same pipes.
        Done d = sh(run + "builtin:busybox -- sh -c 'readlink /proc/self/fd/1; readlink /proc/self/fd/2 >&2';"
                + " readlink /proc/self/fd/1; readlink /proc/self/fd/2 >&2");
        assertThat(d.code()).as(d.err()).isZero();
        String[] out = d.out().split("\n");
        String[] err = d.err().split("\n");
        assertThat(out).hasSize(2);
        assertThat(out[0]).startsWith("pipe:[").isEqualTo(out[1]);
        assertThat(err).hasSize(2);
        assertThat(err[0]).startsWith("pipe:[").isEqualTo(err[1]).isNotEqualTo(out[0]);
    }

    @Test
    void aFileKeepsItsOffsetAndAppendMode() throws Exception {
        Path file = ts.root().resolve("out.txt");
        Done d = sh("{ echo one; " + run + "builtin:busybox -- sh -c 'echo two; ls -l /proc/self/fd/1'; echo three;"
                + " } > " + file);
        assertThat(d.code()).as(d.err()).isZero();
        String text = Files.readString(file);
        // One open file, one offset: no line overwrote another; fd 1 inside is the file itself.
        assertThat(text).startsWith("one\ntwo\n").endsWith("three\n").contains("out.txt").doesNotContain("pipe:");
        assertThat(text.lines()).hasSize(4);

        Files.writeString(file, "before\n");
        d = sh(run + "builtin:busybox -- echo appended >> " + file + "; echo after >> " + file);
        assertThat(d.code()).as(d.err()).isZero();
        assertThat(Files.readString(file)).isEqualTo("before\nappended\nafter\n");
    }

    @Test
    void stdinIsHandedOnlyWithI() throws Exception {
        Done d = sh("echo hi | { readlink /proc/self/fd/0; " + run + "-i builtin:busybox -- sh -c"
                + " 'readlink /proc/self/fd/0; cat'; }");
        assertThat(d.code()).as(d.err()).isZero();
        String[] out = d.out().split("\n");
        assertThat(out).hasSize(3);
        assertThat(out[0]).startsWith("pipe:[").isEqualTo(out[1]);
        assertThat(out[2]).isEqualTo("hi");

        d = sh("echo hi | " + run + "builtin:busybox -- sh -c 'cat; readlink /proc/self/fd/0'");
        assertThat(d.code()).as(d.err()).isZero();
        assertThat(d.out()).isEqualTo("/dev/null\n");
    }

    @Test
    void aDirectoryIsNeverHandedIn() throws Exception {
        // An fd of a host directory inside would reach paths outside the sandbox's root (openat on it).
        Done d = sh(run + "-i builtin:busybox -- sh -c 'readlink /proc/self/fd/0; ls /proc/self/fd/0/ | wc -l'"
                + " < " + ts.root());
        assertThat(d.out().lines().toList()).as(d.err()).first().asString().startsWith("pipe:[");
        assertThat(d.out()).doesNotContain(ts.root().toString());
    }

    @Test
    void execHandsTheCallersFdsToo() throws Exception {
        Done started = sh(ef + " run --root=" + ts.root() + " -d --name handed-exec builtin:busybox -- sleep 600");
        assertThat(started.code()).as(started.err()).isZero();
        Done d = sh("echo in | " + ef + " exec --root=" + ts.root() + " -i handed-exec -- sh -c"
                + " 'readlink /proc/self/fd/1; cat; echo err >&2'; readlink /proc/self/fd/1");
        assertThat(d.code()).as(d.err()).isZero();
        String[] out = d.out().split("\n");
        assertThat(out).hasSize(3);
        assertThat(out[0]).startsWith("pipe:[").isEqualTo(out[2]);
        assertThat(out[1]).isEqualTo("in");
        assertThat(d.err()).isEqualTo("err\n");
    }

    @Test
    void theHelpersOwnErrorsReachTheCallersStderr() throws Exception {
        Done d = sh(run + "builtin:busybox -- /no/such/command");
        assertThat(d.code()).isEqualTo(127);
        assertThat(d.err()).startsWith("edgefusion: ").contains("/no/such/command");
        assertThat(d.out()).isEmpty();
    }
}
