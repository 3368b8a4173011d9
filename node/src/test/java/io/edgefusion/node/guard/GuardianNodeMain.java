package io.edgefusion.node.guard;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A real node for the guardian's crash test, in a child JVM. {@code GuardianNodeMain ROOT WORK fault}: deploys
 * a good v1, waits until it is known-good, deploys v2 that crashes at once, waits for the trip to finish;
 * {@code GuardianNodeMain ROOT WORK resume}: the next node on the root, waiting for the trip the killed node
 * left to finish. Each prints one line; with {@code EDGEFUSION_NODE_CHECKPOINT} set the node stops there for
 * the test to SIGKILL it.
 */
public final class GuardianNodeMain {
    private GuardianNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        Duration deadline = Duration.ofSeconds(90);
        try (GuardedNode node = new GuardedNode(Path.of(args[0]), Path.of(args[1]))) {
            if (args[2].equals("fault")) {
                node.deploy("shop", GuardianFaultKernelTest.revision(1, GuardianFaultKernelTest.GOOD, "true", "off",
                        ""));
                node.await(NodeGuard.KNOWN_GOOD, GuardianFaultKernelTest.W, deadline);
                node.deploy("shop", GuardianFaultKernelTest.revision(2, "sleep 0.5; exit 3", "true", "off", ""));
                node.await("trip.finished", GuardianFaultKernelTest.W, deadline);
                System.out.println("tripped");
            } else {
                node.await("trip.finished", GuardianFaultKernelTest.W, deadline);
                System.out.println("resumed");
            }
        }
        System.out.flush();
        System.exit(0);
    }
}
