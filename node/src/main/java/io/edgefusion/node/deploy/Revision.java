package io.edgefusion.node.deploy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One stored revision of a deployment: the file's text as it was deployed and the path it was read from (a
 * relative rootfs resolves against that path's directory whenever the text is read again).
 *
 * @param rollbackOf the revision whose content this one re-applied, for a revision made by {@code rollback}
 * @param workloads  the names of its workloads, in file order (kept so listings need not re-read the file)
 */
public record Revision(String deployment, int number, String text, String path, Instant created,
                       RevisionStatus status, Optional<String> reason, OptionalInt rollbackOf, List<String> workloads) {
    public Revision {
        workloads = List.copyOf(workloads);
    }
}
