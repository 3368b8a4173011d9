package io.edgefusion.node.guard;

import io.edgefusion.node.deploy.Deployment;
import io.edgefusion.node.deploy.DeploymentFile;
import io.edgefusion.node.deploy.DeploymentRecord;
import io.edgefusion.node.deploy.Revision;
import io.edgefusion.node.deploy.Revisions;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A revision's deployment document as the guardian needs it (its {@code guardian:} section, its workloads'
 * resources), read from the stored revision text, which is what the revision really is; parsed once per revision.
 */
final class DeploymentConfigs {
    private static final Pattern REVISION_SUFFIX = Pattern.compile("-r([0-9]+)$");

    private final Revisions revisions;
    private final Map<String, Optional<Deployment>> parsed = new ConcurrentHashMap<>();

    DeploymentConfigs(Revisions revisions) {
        this.revisions = revisions;
    }

    /** Revision {@code number} of {@code deployment}, parsed; empty when it is not stored or no longer parses. */
    Optional<Deployment> of(String deployment, int number) {
        return parsed.computeIfAbsent(deployment + "@" + number, k -> revisions.revision(deployment, number)
                .flatMap(DeploymentConfigs::parse));
    }

    /** The deployment, workload and revision a sandbox named {@code <deployment>-<workload>-r<N>} runs. */
    record Located(String deployment, String workload, int revision) {
    }

    /** Which active deployment's revision sandbox {@code name} belongs to (the longest matching deployment name). */
    Optional<Located> locate(String name) {
        if (name == null) {
            return Optional.empty();
        }
        Matcher m = REVISION_SUFFIX.matcher(name);
        if (!m.find()) {
            return Optional.empty();
        }
        int revision = Integer.parseInt(m.group(1));
        String head = name.substring(0, m.start());
        return revisions.list(false).stream().map(DeploymentRecord::name)
                .filter(d -> head.startsWith(d + "-") && head.length() > d.length() + 1)
                .max(java.util.Comparator.comparingInt(String::length))
                .map(d -> new Located(d, head.substring(d.length() + 1), revision));
    }

    private static Optional<Deployment> parse(Revision r) {
        return DeploymentFile.parse(r.path(), r.text(), Path.of(r.path()).getParent()).deployment();
    }
}
