package io.edgefusion.node.deploy;

import io.edgefusion.node.api.ApiRoutes;
import io.edgefusion.node.deploy.DeploymentRefused.Kind;
import io.edgefusion.node.events.EventSink;
import io.edgefusion.node.events.NodeEvent;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * deploy, rollback and undeploy: validate, store the revision, have {@link Rollouts} put it into effect, store the
 * outcome. Operations on one deployment run one at a time (a second deploy waits for the first rollout to end);
 * different deployments do not wait for each other. The API is {@link #routes()}.
 */
public final class DeploymentService {
    /** Every path {@link #routes()} answers starts with this. */
    public static final String PREFIX = "/v1/deployments";
    private final Revisions revisions;
    private final Rollouts rollouts;
    private final EventSink events;
    private final InstantSource clock;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public DeploymentService(Revisions revisions, Rollouts rollouts, EventSink events, InstantSource clock) {
        this.revisions = revisions;
        this.rollouts = rollouts;
        this.events = events;
        this.clock = clock;
    }

    /** What a deploy or rollback ended with: the revision (rolled-out or failed), or the current one unchanged. */
    public record Result(Revision revision, boolean changed) {
    }

    /** The API: {@code /v1/deployments…} ({@link #PREFIX}); anything else is answered 404. */
    public ApiRoutes routes() {
        return new DeploymentRoutes(this);
    }

    public Revisions revisions() {
        return revisions;
    }

    /**
     * {@code deploy -f FILE}: {@code text} read from {@code path} (absolute; a relative rootfs resolves against its
     * directory). A file identical in effect to the revision now rolled out stores nothing ({@code changed} false).
     */
    public Result deploy(String path, String text) {
        Path file = Path.of(path);
        if (!file.isAbsolute()) {
            throw new DeploymentRefused(Kind.BAD_REQUEST, "path " + path + ": must be absolute (a relative rootfs"
                    + " resolves against its directory)");
        }
        Deployment d = DeploymentFile.parse(path, text, file.getParent()).orThrow();
        return locked(d.name(), () -> switch (revisions.propose(d, text, path, OptionalInt.empty(),
                current -> same(current, d))) {
            case Revisions.Proposal.Unchanged u -> new Result(u.current(), false);
            case Revisions.Proposal.Created c -> rollOut(d, c.revision());
        });
    }

    /**
     * {@code rollback NAME [--to REV]}: re-applies revision {@code to} (default: the newest before the current one
     * that was rolled out) as a new revision. Going back to what already runs changes nothing.
     */
    public Result rollback(String name, OptionalInt to) {
        return locked(name, () -> {
            DeploymentRecord d = active(name, "roll back");
            Revision target = to.isPresent()
                    ? revisions.revision(name, to.getAsInt()).orElseThrow(() -> new DeploymentRefused(Kind.NOT_FOUND,
                    "deployment " + name + " has no revision " + to.getAsInt()))
                    : revisions.previous(name).orElseThrow(() -> new DeploymentRefused(Kind.CONFLICT, "deployment "
                    + name + " has no earlier revision that was rolled out"));
            if (d.currentNumber().equals(OptionalInt.of(target.number()))) {
                return new Result(target, false);
            }
            Deployment parsed = DeploymentFile.parse(target.path(), target.text(), Path.of(target.path()).getParent())
                    .orThrow();
            return switch (revisions.propose(parsed, target.text(), target.path(), OptionalInt.of(target.number()),
                    current -> same(current, parsed))) {
                case Revisions.Proposal.Unchanged u -> new Result(u.current(), false);
                case Revisions.Proposal.Created c -> rollOut(parsed, c.revision());
            };
        });
    }

    /**
     * The guardian's rollback: re-applies revision {@code to} (the last-known-good one) as a new revision, replacing
     * the faulty current one, whose history then says {@code why}. Unlike {@link #rollback} it goes ahead even when
     * {@code to} is the current revision (a stable revision that broke is started afresh).
     */
    public Result rollbackFaulty(String name, int to, String why) {
        return locked(name, () -> {
            active(name, "roll back");
            Revision target = revisions.revision(name, to).orElseThrow(() -> new DeploymentRefused(Kind.NOT_FOUND,
                    "deployment " + name + " has no revision " + to));
            Deployment parsed = DeploymentFile.parse(target.path(), target.text(), Path.of(target.path()).getParent())
                    .orThrow();
            Revision pending = switch (revisions.propose(parsed, target.text(), target.path(), OptionalInt.of(to),
                    current -> false)) {
                case Revisions.Proposal.Unchanged u -> throw new IllegalStateException("unreachable: " + u);
                case Revisions.Proposal.Created c -> c.revision();
            };
            return rollOut(parsed, pending, why);
        });
    }

    /** {@code undeploy NAME}: removed from the desired state first, then its workloads stopped. */
    public DeploymentRecord undeploy(String name) {
        return locked(name, () -> {
            active(name, "undeploy");
            revisions.remove(name);
            emit("deployment.removed", name, Map.of());
            try {
                rollouts.remove(name);
            } catch (RuntimeException e) {
                // the desired state already says removed: a node restart finishes the job
                throw new IllegalStateException(name + ": undeployed, but stopping its workloads failed: "
                        + e.getMessage(), e);
            }
            return revisions.find(name).orElseThrow();
        });
    }

    public List<DeploymentRecord> list(boolean includeRemoved) {
        return revisions.list(includeRemoved);
    }

    public DeploymentRecord get(String name) {
        return revisions.find(name).orElseThrow(() -> notFound(name));
    }

    public List<Revision> history(String name) {
        List<Revision> h = revisions.history(name);
        if (h.isEmpty()) {
            throw notFound(name);
        }
        return h;
    }

    private Result rollOut(Deployment d, Revision pending) {
        return rollOut(d, pending, null);
    }

    private Result rollOut(Deployment d, Revision pending, String replacedWhy) {
        int n = pending.number();
        revisions.start(d.name(), n);
        emit("deployment.rolling-out", d.name(), Map.of("revision", Integer.toString(n)));
        Rollouts.Outcome outcome;
        try {
            outcome = rollouts.apply(d, n);
        } catch (RuntimeException e) {
            outcome = new Rollouts.Outcome.Failed(e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().replace('\n', ' '));
        }
        Revision done = revisions.finish(d.name(), n, outcome, replacedWhy);
        emit(done.status() == RevisionStatus.ROLLED_OUT ? "deployment.rolled-out" : "deployment.failed", d.name(),
                done.reason().map(r -> Map.of("revision", Integer.toString(n), "reason", r))
                        .orElse(Map.of("revision", Integer.toString(n))));
        return new Result(done, true);
    }

    /** Whether the stored revision means the same deployment (formatting and comments aside). */
    private static boolean same(Revision current, Deployment d) {
        return DeploymentFile.parse(current.path(), current.text(), Path.of(current.path()).getParent()).deployment()
                .map(d::equals).orElse(false);
    }

    private DeploymentRecord active(String name, String verb) {
        DeploymentRecord d = revisions.find(name).orElseThrow(() -> notFound(name));
        if (d.state() == DeploymentRecord.State.REMOVED) {
            throw new DeploymentRefused(Kind.CONFLICT, "cannot " + verb + " " + name + ": it was undeployed (deploy"
                    + " it again with edgefusion deploy -f FILE)");
        }
        return d;
    }

    private static DeploymentRefused notFound(String name) {
        return new DeploymentRefused(Kind.NOT_FOUND, "no deployment " + name);
    }

    private <T> T locked(String name, Supplier<T> work) {
        ReentrantLock lock = locks.computeIfAbsent(name, k -> new ReentrantLock());
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    private void emit(String type, String subject, Map<String, String> attributes) {
        events.emit(new NodeEvent(clock.instant(), type, subject, attributes));
    }
}
