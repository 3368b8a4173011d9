package io.edgefusion.node.supervise;

import io.edgefusion.node.health.HealthProbe;
import io.edgefusion.node.NodePaths;
import io.edgefusion.node.deploy.RolloutResult;
import io.edgefusion.node.store.NodeDatabase;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;

/**
 * A stand-in node for crash tests, run in a child JVM: {@code SupervisorMain ROOT apply REV [fail]} rolls
 * {@link TestDeployments#twoWorkloads} out as REV; {@code SupervisorMain ROOT resume} is the next node's start
 * (live restore). It prints one line with the outcome; with {@code EDGEFUSION_NODE_CHECKPOINT} set it stops at
 * that step for the test to SIGKILL it.
 */
public final class SupervisorMain {
    private SupervisorMain() {
    }

    public static void main(String[] args) {
        NodePaths paths = new NodePaths(Path.of(args[0]));
        ExecutorScheduler scheduler = new ExecutorScheduler();
        int code;
        try (NodeDatabase db = NodeDatabase.open(paths);
             Supervision s = Supervision.open(paths, db, e -> { }, InstantSource.system(), scheduler,
                     io.edgefusion.node.health.SandboxHealthProbe::new, Duration.ZERO, scheduler)) {
            if (args[1].equals("apply")) {
                int rev = Integer.parseInt(args[2]);
                RolloutResult r = s.rollouts().rollOut(TestDeployments.twoWorkloads(rev,
                        args.length > 3 && args[3].equals("fail")), rev);
                System.out.println(r.ok() ? "applied" : "failed: " + r.reason());
            } else {
                s.restore();
                System.out.println("resumed");
            }
            code = 0;
        }
        System.out.flush();
        System.exit(code);
    }
}
