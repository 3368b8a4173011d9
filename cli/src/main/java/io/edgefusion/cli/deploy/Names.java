package io.edgefusion.cli.deploy;

import io.edgefusion.node.deploy.DeploymentNames;

/** A deployment name from the command line, checked before it becomes part of an API path. */
final class Names {
    private Names() {
    }

    static String path(String name) {
        if (!DeploymentNames.valid(name)) {
            throw new IllegalArgumentException("deployment " + name + ": not a deployment name ("
                    + DeploymentNames.RULE + ")");
        }
        return name;
    }
}
