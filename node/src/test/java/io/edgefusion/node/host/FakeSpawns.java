package io.edgefusion.node.host;

import io.edgefusion.kernel.sys.Libc;
import io.edgefusion.sandbox.launch.HelperProcess;
import io.edgefusion.sandbox.launch.HelperStderr;
import io.edgefusion.sandbox.launch.LaunchedHelper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** FakeRunner's verbs that start processes through the invocation's launcher and report what they saw. */
final class FakeSpawns {
    private FakeSpawns() {
    }

    /**
     * Two spawns in one command: a {@code cat} fed through its stdin pipe, then one that exits 3. Prints, per
     * spawn, {@code spawn pid=P ppid=Q out=... code=C} (the output's newlines as '|'), ppid as the child saw it.
     */
    static int twice(Invocation inv) throws IOException, InterruptedException {
        LaunchedHelper a = inv.launcher().start(List.of("/bin/sh", "-c", "echo $PPID ${FOO-unset}; cat"),
                new HelperStderr.Inherit());
        a.stdin().write("through the pipes\n".getBytes(StandardCharsets.UTF_8));
        a.stdin().close();
        report(inv, a, new String(a.stdout().readAllBytes(), StandardCharsets.UTF_8), a.waitFor());
        LaunchedHelper b = inv.launcher().start(List.of("/bin/sh", "-c", "echo $PPID; exit 3"),
                new HelperStderr.Discard());
        b.stdin().close();
        String out = new String(b.stdout().readAllBytes(), StandardCharsets.UTF_8);
        report(inv, b, out, b.waitFor());
        b.stdout().close();
        a.stdout().close();
        return 0;
    }

    /** A spawned {@code cat} that never sees end of file, destroyed: prints {@code alive=true code=C alive=false}. */
    static int killed(Invocation inv) throws IOException, InterruptedException {
        LaunchedHelper c = inv.launcher().start(List.of("/bin/cat"), new HelperStderr.Inherit());
        boolean before = c.isAlive();
        c.destroy();
        int code = c.waitFor();
        inv.out().println("alive=" + before + " code=" + code + " alive=" + c.isAlive());
        return 0;
    }

    /** A program that does not exist: prints the launcher's error. */
    static int missing(Invocation inv) {
        try {
            inv.launcher().start(List.of("/nonexistent/edgefusion-test-program"), new HelperStderr.Inherit());
            inv.out().println("started?");
            return 1;
        } catch (IOException e) {
            inv.out().println("error: " + e.getMessage());
            return 0;
        }
    }

    /**
     * Stops the client (so it never answers), spawns, kills the client once the spawn waits for its answer:
     * returns {@code failed: MESSAGE} when the spawn ends in an error instead of a hang. Subscribed to the
     * signals meanwhile, so the hang-up that follows the client's death does not interrupt this thread.
     */
    static String vanish(Invocation inv) throws IOException, InterruptedException, ExecutionException,
            TimeoutException {
        try (var sub = inv.signals().subscribe(s -> { })) {
            int client = Math.toIntExact(inv.pid());
            Libc.kill(client, Libc.SIGSTOP);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!state(client).equals("T")) {
                if (System.nanoTime() > deadline) {
                    return "client never stopped";
                }
                Thread.sleep(5); // polling a condition with a deadline, not timing
            }
            CompletableFuture<String> outcome = new CompletableFuture<>();
            // A platform thread: WAITING means parked for the answer, its SPAWN written (the write itself polls).
            Thread spawner = Thread.ofPlatform().daemon().start(() -> {
                try {
                    outcome.complete("started " + inv.launcher().start(List.of("/bin/cat"),
                            new HelperStderr.Inherit()).pid());
                } catch (IOException e) {
                    outcome.complete("failed: " + e.getMessage());
                }
            });
            while (spawner.getState() != Thread.State.WAITING && !outcome.isDone()) {
                if (System.nanoTime() > deadline) {
                    return "the spawn never waited";
                }
                Thread.sleep(5); // polling a condition with a deadline, not timing
            }
            Libc.kill(client, Libc.SIGKILL);
            return outcome.get(60, TimeUnit.SECONDS);
        }
    }

    /**
     * The real launch helper started through the invocation's launcher (HelperProcess over it), in exec mode
     * joining no namespace of the caller: its workload prints the helper's parent and exits 4. Prints the
     * workload's output and {@code code=C}.
     */
    static int helperExec(Invocation inv, Path stateRoot) {
        String spec = "version 1\nmode exec\ntarget " + inv.pid() + "\narg /bin/sh\narg -c\narg "
                + encode("grep PPid /proc/$PPID/status; exit 4") + "\nenv PATH=/usr/bin:/bin\ncwd /\nend\n";
        HelperProcess h = HelperProcess.start(stateRoot, spec, true, inv.err(), inv.launcher());
        try {
            h.awaitPid();
            h.go();
            h.awaitStarted();
        } catch (RuntimeException e) {
            h.destroy();
            throw e;
        }
        h.copyOutput(inv.out());
        inv.out().println("helper=" + h.helperPid() + " code=" + h.waitFor());
        return 0;
    }

    /** The helper protocol's field encoding: bytes outside '!'..'~', and '%', as %XX. */
    private static String encode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
            b.append(c > ' ' && c <= '~' && c != '%' ? String.valueOf((char) c) : String.format("%%%02X", c & 0xff));
        }
        return b.toString();
    }

    private static String state(int pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    }

    private static void report(Invocation inv, LaunchedHelper h, String out, int code) {
        inv.out().println("spawn pid=" + h.pid() + " out=" + out.replace('\n', '|') + " code=" + code);
    }
}
