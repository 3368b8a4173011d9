package io.edgefusion.cli.deploy;

import io.edgefusion.cli.node.NodeClient;
import io.edgefusion.cli.sandbox.StateRoot;
import io.edgefusion.node.deploy.Deployment;
import io.edgefusion.node.deploy.DeploymentCheck;
import io.edgefusion.node.deploy.DeploymentFile;
import io.edgefusion.node.deploy.WorkloadSpec;
import io.edgefusion.platform.yaml.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code edgefusion deploy -f FILE}: validate here, then store and roll out in the node. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = {"Deploy a deployment file (format: docs/deployments.md) to the node serving the state root:"
                + " it is stored as the deployment's next revision and rolled out — each workload started in 'after'"
                + " order and waited on until healthy, then the previous revision's workloads stopped. A file that"
                + " means the same as the revision already rolled out changes nothing.",
                "The file is checked here first; a bad file gives one 'file:line:col: message' line, exit 125, and"
                        + " nothing is sent. Exit 0 when the revision rolled out (or nothing changed), 1 when its"
                        + " rollout failed (the previous revision keeps running), 125 on any other error."},
        footer = {"", "Examples:", "  edgefusion deploy -f line-monitor.yaml",
                "  edgefusion deploy --dry-run -f line-monitor.yaml",
                "  edgefusion --root /srv/edge deploy -f line-monitor.yaml"})
public final class DeployCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The deployment file (YAML).")
    Path file;

    @Option(names = "--dry-run", description = "Only check the file: print every problem as 'file:line:col: message'"
            + " (exit 1), or that it is valid (exit 0). Needs no node.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path absolute = absolute(file);
        DeploymentCheck check = DeploymentFile.read(file.toString(), absolute);
        if (dryRun) {
            return report(check);
        }
        check.orThrow();
        var body = NodeClient.JSON.createObjectNode().put("path", absolute.toString()).put("text", check.text());
        return DeployOutput.print(spec, NodeClient.of(root.path()).post("/v1/deployments", Map.of(), body));
    }

    private int report(DeploymentCheck check) {
        PrintWriter out = spec.commandLine().getOut();
        for (Problem p : check.problems()) {
            out.println(p);
        }
        check.deployment().filter(d -> check.ok()).ifPresent(d -> out.println(file + ": ok (deployment " + d.name()
                + ", " + workloads(d) + ")"));
        out.flush();
        return check.ok() ? 0 : 1;
    }

    private static String workloads(Deployment d) {
        return d.workloads().size() + (d.workloads().size() == 1 ? " workload: " : " workloads: ")
                + String.join(", ", d.workloads().stream().map(WorkloadSpec::name).toList());
    }

    /**
     * The file as the node must read it: absolute, so a relative rootfs in it means the same to the node as to the
     * user. Resolved against this process's working directory until commands receive the caller's.
     */
    private static Path absolute(Path p) {
        return p.toAbsolutePath().normalize();
    }
}
