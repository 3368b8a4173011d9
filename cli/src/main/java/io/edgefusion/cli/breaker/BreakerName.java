package io.edgefusion.cli.breaker;

import io.edgefusion.node.deploy.DeploymentNames;

/**
 * A breaker's name from the command line, {@code DEPLOYMENT/WORKLOAD} as {@code breaker ls} shows it, checked
 * before it becomes two segments of an API path.
 */
record BreakerName(String deployment, String workload) {
    static BreakerName parse(String name) {
        int slash = name.indexOf('/');
        if (slash < 0 || !DeploymentNames.valid(name.substring(0, slash))
                || !DeploymentNames.valid(name.substring(slash + 1))) {
            throw new IllegalArgumentException("breaker " + name + ": not a workload name (DEPLOYMENT/WORKLOAD as"
                    + " 'edgefusion breaker ls' shows it, e.g. line-monitor/api)");
        }
        return new BreakerName(name.substring(0, slash), name.substring(slash + 1));
    }

    String path() {
        return "/v1/breakers/" + deployment + "/" + workload;
    }

    @Override
    public String toString() {
        return deployment + "/" + workload;
    }
}
