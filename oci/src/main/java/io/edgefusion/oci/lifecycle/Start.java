package io.edgefusion.oci.lifecycle;

import io.edgefusion.kernel.proc.ProcStat;
import io.edgefusion.sandbox.oci.config.OciConfig;
import io.edgefusion.oci.state.ContainerException;
import io.edgefusion.oci.state.ContainerRecord;
import io.edgefusion.oci.state.ContainerStatus;
import io.edgefusion.oci.state.ContainerStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code start}: startContainer hooks in the container's namespaces, then the exec fifo is opened and read, which
 * lets the waiting process exec the program; the fifo goes, then poststart hooks (a failure there only warns).
 */
public final class Start {
    private Start() {
    }

    public static void start(Runtime rt, String id) {
        try (ContainerStore.Lock lock = rt.store().lock(id)) {
            ContainerRecord r = rt.require(id, "start", ContainerStatus.CREATED);
            OciConfig c = rt.config(id);
            String state = rt.stateJson(r, ContainerStatus.CREATED);
            try {
                Hooks.run("startContainer", c.hooks().startContainer(), state,
                        List.of("nsenter", "--target=" + r.pid(), "--all", "--root", "--wd", "--"));
            } catch (Hooks.HookFailure f) {
                Kill.signal(r, Signals.SIGKILL);
                throw f;
            }
            release(rt.store().dir(id).resolve(ContainerStore.FIFO), r);
            for (String warning : Hooks.runAll("poststart", c.hooks().poststart(),
                    rt.stateJson(r, ContainerStatus.RUNNING), List.of())) {
                rt.warn().accept(warning);
            }
        }
    }

    /**
     * Opens the fifo for reading (the process holds it open for writing, or is about to) and reads its byte. The
     * open blocks until the writer comes, so it runs on its own thread while this one watches the process: one
     * that died before opening its end would otherwise leave us waiting forever.
     */
    private static void release(Path fifo, ContainerRecord r) {
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                return in.read();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the exec fifo " + fifo, e);
            }
        }, r2 -> Thread.ofPlatform().daemon().name("edgefusion-oci-fifo").start(r2));
        try {
            while (true) {
                try {
                    int b = read.isDone() ? read.get() : read.get(20, TimeUnit.MILLISECONDS);
                    if (b != '0') {
                        throw new ContainerException("container " + r.id() + ": its process ended before it"
                                + " started the program");
                    }
                    break;
                } catch (TimeoutException notYet) {
                    if (!ProcStat.alive(r.pid(), r.startTicks()) && !wroteBeforeItEnded(read)) {
                        unblock(fifo);
                        throw new ContainerException("container " + r.id() + ": its process ended before start");
                    }
                }
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerException("start of " + r.id() + " interrupted");
        } finally {
            try {
                Files.deleteIfExists(fifo);
            } catch (IOException ignored) {
                // status then still says created; delete cleans up
            }
        }
    }

    /**
     * A process that opened its end and wrote its byte may have run a short program to its end before this
     * thread looked: then the byte is in the fifo and the read completes at once.
     */
    private static boolean wroteBeforeItEnded(CompletableFuture<Integer> read) throws InterruptedException,
            ExecutionException {
        try {
            read.get(1, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException never) {
            return false;
        }
    }

    /** Opens the write end ourselves so the reader thread's open returns (and sees EOF). */
    private static void unblock(Path fifo) {
        try (var ch = java.nio.channels.FileChannel.open(fifo, java.nio.file.StandardOpenOption.WRITE)) {
            // opening is enough
        } catch (IOException ignored) {
            // the reader is a daemon thread; it may stay blocked until the JVM exits
        }
    }
}
