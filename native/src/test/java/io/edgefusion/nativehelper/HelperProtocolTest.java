package io.edgefusion.nativehelper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The binary the build produced speaks the documented protocol (no privileges needed for these cases). */
class HelperProtocolTest {
    @TempDir
    Path tmp;

    private Path helper() throws IOException {
        Path p = tmp.resolve("edgefusion-helper");
        Files.write(p, HelperResource.bytes());
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    private record Outcome(int code, String out) {
    }

    private Outcome run(String stdin, String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = helper().toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return new Outcome(p.exitValue(), out);
    }

    @Test
    void isAStaticBinaryOfTheExpectedVersion() throws Exception {
        byte[] b = HelperResource.bytes();
        assertThat(new String(b, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("ELF");
        assertThat(b.length).isLessThan(2 << 20);
        Outcome o = run("", "--version");
        assertThat(o.code()).isZero();
        assertThat(o.out()).isEqualTo("edgefusion-helper " + HelperResource.PROTOCOL_VERSION + "\n");
    }

    @Test
    void rejectsAnUnknownDirectiveWithTheProtocolsErrorLine() throws Exception {
        Outcome o = run("version 1\nmode run\nfrobnicate yes\nend\n");
        assertThat(o.code()).isEqualTo(125);
        assertThat(o.out()).isEqualTo("error read%20spec 22\n");
    }

    @Test
    void rejectsAnIncompleteSpec() throws Exception {
        assertThat(run("version 1\nmode run\nend\n").out()).isEqualTo("error read%20spec 22\n"); // no root, no argv
        assertThat(run("version 2\nend\n").out()).isEqualTo("error read%20spec 22\n");
        assertThat(run("version 1\nmode run\nroot /x\narg true").code()).isEqualTo(125); // EOF before end
    }

    /** The OCI directives' combinations that cannot mean anything are refused before anything runs. */
    @Test
    void rejectsInconsistentOciDirectives() throws Exception {
        String run = "version 1\nmode run\nroot /x\narg /bin/true\n";
        String exec = "version 1\nmode exec\ntarget 1\nns -\narg /bin/true\n";
        for (String bad : new String[] {
                run + "ns net\nnsjoin net /proc/1/ns/net\n",          // created and joined
                run + "nsjoin net /a\nnsjoin net /b\n",                // joined twice
                run + "nsjoin time /proc/1/ns/time\n",                 // not a type the helper knows
                exec + "nsjoin net /proc/1/ns/net\n",                  // run only
                run + "rootmount overlay lowerdir=/l -\nrootbind 1\n",  // mounted and bound
                run + "propagation private\n",                         // flags are numbers
                run + "umask 0800\n",
                run + "personality ffffffff\n",                         // the query, not a persona
                run + "fd 1 1 2\n",                                      // 0-2 are stdio's
                run + "fd 1 1 5\nfd 1 2 5\n",                           // one DST twice
                exec + "fifo /f\n",
                exec + "pause_mounted 1\n",
                run + "reap 0\nlog /l 100\n",                           // nothing reaps, nothing logs
                run + "reap 0\nexit /e\n",
                run + "reap 0\non_exit /bin/true\n",
                run + "reap 0\ntty 1\n",                                 // a pty needs the console socket
                run + "reap 0\nconsole_socket /s\n",                    // ... and a pty
                run + "copyup /run\n",                                  // copyup follows a tmpfs mount
                run + "mount tmpfs /tmp tmpfs 0 - dir\ncopyup /run\n",   // ... at the same DST
                run + "mount /h /run - 4096 - dir\ncopyup /run\n",       // ... a tmpfs, not a bind
                run + "mount tmpfs /run tmpfs 0 - dir\ncopyup /run\ncopyup /run\n",
                run + "mount_or_bind tmpfs /run tmpfs 0 - dir -\ncopyup /run\n",
                run + "apparmor -\n",                                   // a profile, not none
        }) {
            Outcome o = run(bad + "end\n");
            assertThat(o.out()).as(bad).isEqualTo("error read%20spec 22\n");
            assertThat(o.code()).isEqualTo(125);
        }
    }

    @Test
    void killsTheChildWhenTheCreatorGoesAwayBeforeGo() throws Exception {
        // An exec-mode spec aimed at ourselves needs no namespace privileges; EOF instead of "go" must end it.
        // The child is seen alive and waiting first, then gone once the creator went away, and the command it
        // would have run never ran.
        Path ran = tmp.resolve("ran");
        Process p = new ProcessBuilder(helper().toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().write(("version 1\nmode exec\ntarget " + ProcessHandle.current().pid()
                + "\nns -\narg /bin/touch\narg " + ran + "\nend\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().flush();
        var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).matches("pid [0-9]+");
        long child = Long.parseLong(line.substring(4));
        ProcessHandle handle = ProcessHandle.of(child).orElseThrow();
        assertThat(handle.parent().map(ProcessHandle::pid)).as("the waiting child is the helper's").hasValue(p.pid());
        var started = handle.info().startInstant();
        assertThat(started).isPresent();

        p.getOutputStream().close(); // the creator goes away before "go"
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(125);
        assertThat(out.readLine()).isNull();
        // The helper killed and reaped it before exiting: the pid no longer exists (or, reused, is not that child).
        assertThat(ProcessHandle.of(child).filter(h -> h.info().startInstant().equals(started)))
                .as("child " + child + " is gone").isEmpty();
        assertThat(ran).doesNotExist();
    }
}
