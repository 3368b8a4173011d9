package io.edgefusion.node.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/** A {@link Rollouts} that records every call and answers as told (rolled out unless told otherwise). */
final class RecordingRollouts implements Rollouts {
    record Applied(Deployment deployment, int revision) {
    }

    final List<Applied> applied = new ArrayList<>();
    final List<String> removed = new ArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    volatile BiFunction<Deployment, Integer, Outcome> answer = (d, n) -> new Outcome.RolledOut();

    @Override
    public Outcome apply(Deployment deployment, int revision) {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            synchronized (this) {
                applied.add(new Applied(deployment, revision));
            }
            return answer.apply(deployment, revision);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public synchronized void remove(String name) {
        removed.add(name);
    }

    synchronized List<Integer> revisions() {
        return applied.stream().map(Applied::revision).toList();
    }
}
