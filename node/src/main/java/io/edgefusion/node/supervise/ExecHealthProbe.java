package io.edgefusion.node.supervise;

import io.edgefusion.node.deploy.HealthCheck;
import io.edgefusion.sandbox.Sandboxes;

import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The simple default probe: {@code exec} runs the command inside the sandbox (exit 0 = healthy, within the
 * timeout). http and tcp need a connect inside the sandbox's network namespace, which the probe engineer's
 * implementation provides; this one reports them as failing and says so once in the log.
 */
public final class ExecHealthProbe implements HealthProbe {
    private static final System.Logger LOG = System.getLogger(ExecHealthProbe.class.getName());

    private final Sandboxes sandboxes;

    public ExecHealthProbe(Sandboxes sandboxes) {
        this.sandboxes = sandboxes;
    }

    @Override
    public boolean probe(String sandboxId, HealthCheck check) {
        if (!(check.probe() instanceof HealthCheck.Probe.Exec exec)) {
            LOG.log(System.Logger.Level.WARNING, "health probe " + check.probe().getClass().getSimpleName()
                    + " of sandbox " + sandboxId + ": not supported by the exec-only probe");
            return false;
        }
        CompletableFuture<Integer> run = new CompletableFuture<>();
        Thread.ofVirtual().name("edgefusion-probe").start(() -> {
            try {
                run.complete(sandboxes.exec(sandboxId, exec.command(), Map.of(), null, null,
                        OutputStream.nullOutputStream()));
            } catch (RuntimeException e) {
                run.completeExceptionally(e);
            }
        });
        try {
            return run.get(check.timeout().toMillis(), TimeUnit.MILLISECONDS) == 0;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
