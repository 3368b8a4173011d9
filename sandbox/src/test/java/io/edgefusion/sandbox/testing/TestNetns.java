package io.edgefusion.sandbox.testing;

import io.edgefusion.kernel.net.Netns;
import io.edgefusion.kernel.proc.ProcStat;
import io.edgefusion.sandbox.network.NetnsBinding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace a test owns: {@code unshare --net sleep infinity} started by the test, its namespace bound
 * onto {@code DIR/NAME} with {@link NetnsBinding} (the code under test), lo up. {@link #killHolder()} ends the
 * process while the bind keeps the namespace (a sandbox after kill -9); {@link #close()} ends it and unbinds, and
 * the namespace with everything in it is gone.
 */
public final class TestNetns implements AutoCloseable {
    private final Process holder;
    private final long startTicks;
    private final Path file;

    public TestNetns(Path dir, String name) {
        try {
            holder = new ProcessBuilder("unshare", "--net", "sleep", "infinity").redirectErrorStream(true).start();
            String own = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
            Path ns = Path.of("/proc", Long.toString(holder.pid()), "ns", "net");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            // unshare(1) switches namespace before it execs sleep: wait for that, not for a time.
            while (Files.readSymbolicLink(ns).toString().equals(own)) {
                if (System.nanoTime() > deadline || !holder.isAlive()) {
                    throw new IllegalStateException("unshare --net did not make a namespace");
                }
                Thread.onSpinWait();
            }
            startTicks = ProcStat.of(holder.pid()).orElseThrow().startTicks();
            file = NetnsBinding.bind(holder.pid(), dir.resolve(name));
            run("ip", "link", "set", "lo", "up");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path file() {
        return file;
    }

    /** Runs {@code work} on a platform thread inside the namespace (the holder must be alive). */
    public <T> T inside(Callable<T> work) {
        return Netns.run(holder.pid(), startTicks, work);
    }

    /** Runs a command in the namespace ({@code nsenter --net=FILE}); returns its output, failing on non-zero. */
    public String run(String... argv) {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=" + file));
        cmd.addAll(List.of(argv));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts a long-running command in the namespace; the caller destroys it. */
    public Process start(String... argv) {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=" + file));
        cmd.addAll(List.of(argv));
        try {
            return new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the process that made the namespace; the bind keeps it alive. */
    public void killHolder() {
        holder.destroyForcibly();
        try {
            holder.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Unbinds: with the holder dead, the namespace is gone. */
    public void unbind() {
        NetnsBinding.unbind(file);
    }

    @Override
    public void close() {
        killHolder();
        unbind();
    }
}
