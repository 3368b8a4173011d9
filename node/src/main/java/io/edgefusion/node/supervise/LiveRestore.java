package io.edgefusion.node.supervise;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a node does with a state root at start, before serving it: adopt every row's live sandbox, reap and
 * restart by policy the ones that ended or vanished meanwhile, finish the rollouts a killed node left half-done,
 * remove stray sandboxes named like a deployment's but in no row, and collect what a killed creator left.
 */
public final class LiveRestore {
    private static final System.Logger LOG = System.getLogger(LiveRestore.class.getName());
    private static final Pattern REVISION_SUFFIX = Pattern.compile("-r[0-9]+");

    private final InstanceStore store;
    private final WorkloadDriver driver;
    private final Supervisor supervisor;
    private final Rollout rollout;
    private final AdHocSupervisor adHoc;

    public LiveRestore(InstanceStore store, WorkloadDriver driver, Supervisor supervisor, Rollout rollout,
                       AdHocSupervisor adHoc) {
        this.store = store;
        this.driver = driver;
        this.supervisor = supervisor;
        this.rollout = rollout;
        this.adHoc = adHoc;
    }

    public void run() {
        // The rows a half-done rollout is still deciding about are its own to finish.
        Set<Instance.Key> theRollouts = new HashSet<>();
        Set<String> deployments = new HashSet<>();
        for (RolloutProgress p : store.rollouts()) {
            deployments.add(p.deployment());
            if (p.phase().inProgress()) {
                for (Instance i : store.ofDeployment(p.deployment())) {
                    if (p.phase() == RolloutProgress.Phase.REMOVING || i.revision() == p.revision()) {
                        theRollouts.add(i.key());
                    }
                }
            }
        }
        for (Instance i : store.all()) {
            deployments.add(i.deployment());
            if (!theRollouts.contains(i.key())) {
                supervisor.adopt(i);
            }
        }
        adHoc.adopt();
        rollout.resume();
        removeStrays(deployments);
        List<String> collected = driver.collectGarbage();
        if (!collected.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "collected " + collected.size() + " half-made sandboxes");
        }
    }

    /** A sandbox named {@code <deployment>-<anything>-r<N>} of a known deployment that no row names. */
    private void removeStrays(Set<String> deployments) {
        Set<String> named = new HashSet<>();
        store.all().forEach(i -> named.add(i.sandboxName()));
        store.adHoc().forEach(a -> named.add(a.name()));
        for (WorkloadDriver.Listed s : driver.list()) {
            if (s.name() == null || named.contains(s.name())) {
                continue;
            }
            for (String d : deployments) {
                String rest = s.name().startsWith(d + "-") ? s.name().substring(d.length() + 1) : "";
                int r = rest.lastIndexOf("-r");
                if (r > 0 && REVISION_SUFFIX.matcher(rest.substring(r)).matches()) {
                    LOG.log(System.Logger.Level.INFO, "removing stray sandbox " + s.name() + " (no row names it)");
                    driver.stop(s.id(), java.time.Duration.ZERO);
                    break;
                }
            }
        }
    }
}
