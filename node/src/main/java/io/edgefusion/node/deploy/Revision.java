package io.edgefusion.node.deploy;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One stored revision of a deployment: the file's text as it was deployed and the path it was read from (a
 * relative rootfs resolves against that path's directory whenever the text is read again).
 *
 * @param rollbackOf the revision whose content this one re-applied, for a revision made by {@code rollback}
 */
public record Revision(String deployment, int number, String text, String path, Instant created,
                       RevisionStatus status, Optional<String> reason, OptionalInt rollbackOf) {
}
