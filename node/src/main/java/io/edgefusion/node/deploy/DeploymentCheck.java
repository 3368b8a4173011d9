package io.edgefusion.node.deploy;

import io.edgefusion.platform.yaml.Problem;

import java.util.List;
import java.util.Optional;

/**
 * A deployment file read and validated: the deployment, or every problem at its {@code file:line:col}, in file
 * order; and the text it was read from (what a revision stores).
 */
public record DeploymentCheck(Optional<Deployment> deployment, List<Problem> problems, String text) {
    public DeploymentCheck {
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty() && deployment.isPresent();
    }

    /** The deployment, or an exception whose one-line message is the first problem. */
    public Deployment orThrow() {
        if (!ok()) {
            throw new InvalidDeploymentException(problems);
        }
        return deployment.orElseThrow();
    }
}
