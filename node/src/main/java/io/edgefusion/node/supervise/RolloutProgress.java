package io.edgefusion.node.supervise;

import io.edgefusion.node.deploy.Deployment;

/**
 * One row of {@code rollout_progress}: the last rollout of a deployment, with the whole deployment it rolls
 * out, so a node killed mid-way can finish ({@code rolling}) or finish undoing ({@code undoing}) it.
 *
 * @param previous the revision that ran before, or 0 for a first deployment
 */
public record RolloutProgress(String deployment, int revision, int previous, Phase phase, String reason,
                              Deployment document) {
    public enum Phase {
        ROLLING, UNDOING, DONE, FAILED, REMOVING;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public boolean inProgress() {
            return this == ROLLING || this == UNDOING || this == REMOVING;
        }
    }

    public RolloutProgress to(Phase p, String why) {
        return new RolloutProgress(deployment, revision, previous, p, why, document);
    }
}
